import type { TFunction } from 'i18next'
import type { RouteProfile } from '../../../../shared/domain'

/** The built-in routes are named in the window's language; the user's profiles by their own names. */
export function routeLabel(route: Pick<RouteProfile, 'id' | 'name'>, t: TFunction): string {
  if (route.id === 'direct') return t('routes.direct')
  if (route.id === 'system') return t('routes.system')
  return route.name
}
