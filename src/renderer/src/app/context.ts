import { createContext, useContext } from 'react'
import type { ProxyChatApi } from '../../../shared/contract'
import type { AppController } from './controller'

export const ControllerContext = createContext<AppController | null>(null)

export function useController(): AppController {
  const controller = useContext(ControllerContext)
  if (!controller) throw new Error('useController outside <ControllerContext.Provider>')
  return controller
}

export function useApi(): ProxyChatApi {
  return useController().api
}
