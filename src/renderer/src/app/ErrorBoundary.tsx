import { Component, type ErrorInfo, type ReactNode } from 'react'
import { Translation } from 'react-i18next'

interface State {
  error: Error | null
}

/** A failure while rendering shows what happened and a way out, never a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('The window failed to render:', error, info.componentStack)
  }

  override render(): ReactNode {
    const { error } = this.state
    if (!error) return this.props.children
    return (
      <Translation>
        {(t) => (
          <div className="app app--failed" role="alert">
            <h1 className="dialog__title">{t('app.crashed')}</h1>
            <p className="crash__message">{error.message}</p>
            <button type="button" className="button" onClick={() => this.setState({ error: null })}>
              {t('common.tryAgain')}
            </button>
          </div>
        )}
      </Translation>
    )
  }
}
