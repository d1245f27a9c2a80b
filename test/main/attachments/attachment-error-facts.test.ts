/** An attachment refusal carries the file's name and the limit across IPC, so the window can word it. */
import { describe, expect, it } from 'vitest'
import { AttachmentError } from '../../../src/main/attachments/attachment-service'
import { AttachmentSendError } from '../../../src/main/chat/attachment-parts'
import { describeThrown } from '../../../src/main/ipc/envelope'
import { appErrorText, parseAppErrorText } from '../../../src/shared/app-error'

describe('attachment refusal facts', () => {
  it('go from the thrown error through the envelope and the bridge text', () => {
    const thrown = new AttachmentSendError({
      code: 'attachment_image_too_large',
      name: 'фото.png',
      limitBytes: 5 * 1024 * 1024,
      limitSide: 8000,
    })
    const data = describeThrown(thrown)
    expect(data).toMatchObject({
      code: 'attachment_image_too_large',
      attachment: { name: 'фото.png', limit: 5 * 1024 * 1024, side: 8000 },
    })
    expect(parseAppErrorText(appErrorText(data))).toEqual({
      code: 'attachment_image_too_large',
      message: data.message,
      attachment: { name: 'фото.png', limit: 5 * 1024 * 1024, side: 8000 },
    })
  })

  it('keep only well-formed fields, and are never read as a provider’s facts', () => {
    expect(parseAppErrorText('[attachment_missing {"name":7,"limit":"x"}] gone')).toEqual({
      code: 'attachment_missing',
      message: 'gone',
      attachment: {},
    })
    expect(describeThrown(new AttachmentError('attachment_missing', 'gone', { name: 'a.pdf' }))).toEqual({
      code: 'attachment_missing',
      message: 'gone',
      attachment: { name: 'a.pdf' },
    })
  })
})
