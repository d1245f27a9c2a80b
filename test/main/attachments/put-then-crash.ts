/** Child process for the crash test: stores an attachment, says so, and waits to be killed before any message is saved. */
import { AttachmentStore } from '../../../src/main/attachments/attachment-store'

const [dataDir = '', text = ''] = process.argv.slice(2)
const stored = await new AttachmentStore(dataDir).put(new TextEncoder().encode(text))
console.log(JSON.stringify(stored))
setInterval(() => undefined, 1000)
