import { useTranslation } from 'react-i18next'
import { useStore } from '../lib/store'
import { CloseIcon } from '../ui/icons'
import { useController } from './context'
import { noticeText } from './notice-text'

/** Things main tells the user about outside any request (a damaged file set aside...). */
export function Notices() {
  const { t } = useTranslation()
  const controller = useController()
  const notices = useStore(controller.app, (s) => s.notices)
  if (notices.length === 0) return null
  return (
    <div className="notices">
      {notices.map((notice) => (
        <div
          key={notice.id}
          className={`notice notice--${notice.level}`}
          role={notice.level === 'error' ? 'alert' : 'status'}
        >
          <div className="notice__text">
            <p>{noticeText(notice, t)}</p>
            {notice.path && <p className="notice__path">{notice.path}</p>}
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label={t('common.dismiss')}
            onClick={() => controller.dismissNotice(notice.id)}
          >
            <CloseIcon />
          </button>
        </div>
      ))}
    </div>
  )
}
