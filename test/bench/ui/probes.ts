/**
 * What the UI benchmark installs in the page (with addInitScript, before the app's own code): a long-task
 * observer, a requestAnimationFrame recorder, and a timer for opening a conversation from the sidebar.
 * Written as plain browser JavaScript in a string: it runs in the page, not in Node.
 */
export const PROBES = `
(() => {
  const bench = {
    recording: false,
    lastGetAt: NaN,
    longTasks: [],
    frames: [],
    start() {
      bench.longTasks = []
      bench.frames = []
      bench.recording = true
      const loop = (t) => {
        if (!bench.recording) return
        bench.frames.push(t)
        requestAnimationFrame(loop)
      }
      requestAnimationFrame(loop)
      return performance.now()
    },
    stop() {
      bench.recording = false
      return { longTasks: bench.longTasks, frames: bench.frames, at: performance.now() }
    },
    /** Clicks a conversation in the sidebar; resolves with the times until its last message is shown. */
    open(title, marker) {
      return new Promise((resolve, reject) => {
        const button = [...document.querySelectorAll('nav button')].find((b) => b.textContent.trim() === title)
        if (!button) return reject(new Error('no sidebar item ' + title))
        let done = false
        const check = () => {
          if (done) return
          const list = document.querySelector('.message-list')
          if (!list || !list.textContent.includes(marker) || !shown(list, marker)) return
          done = true
          observer.disconnect()
          const dom = performance.now() - t0
          requestAnimationFrame(() => {
            const frame = performance.now() - t0
            // A task queued from the frame callback runs after that frame is painted.
            setTimeout(() => resolve({ dom, frame, painted: performance.now() - t0, ipc: bench.lastGetAt - t0 }), 0)
          })
        }
        // The harness's IPC binding (test/e2e/electron-shim.ts): when the first answer that loads messages came.
        const invoke = window.__e2eInvoke
        if (typeof invoke === 'function' && !invoke.__benchWrapped) {
          const wrapped = async (channel, args) => {
            const answer = await invoke(channel, args)
            const loads = channel === 'conversations:get-tail' || channel === 'conversations:get'
            if (loads && Number.isNaN(bench.lastGetAt)) bench.lastGetAt = performance.now()
            return answer
          }
          wrapped.__benchWrapped = true
          window.__e2eInvoke = wrapped
        }
        bench.lastGetAt = NaN
        const observer = new MutationObserver(check)
        observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true })
        const t0 = performance.now()
        button.click()
      })
    },
  }
  /**
   * Whether the text node holding the marker can be seen: not under visibility: hidden (the virtual list
   * hides rows it has not placed yet) and inside the list's viewport.
   */
  const shown = (list, marker) => {
    const walker = document.createTreeWalker(list, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.includes(marker)) continue
      const element = node.parentElement
      if (!element || !element.checkVisibility({ visibilityProperty: true })) return false
      const box = element.getBoundingClientRect()
      const view = list.getBoundingClientRect()
      return box.bottom > view.top && box.top < view.bottom
    }
    return false
  }
  new PerformanceObserver((list) => {
    if (!bench.recording) return
    for (const entry of list.getEntries()) {
      bench.longTasks.push({ start: entry.startTime, duration: entry.duration })
    }
  }).observe({ type: 'longtask' })
  Object.defineProperty(window, '__bench', { value: bench })

})()
`
