/**
 * The deb is the Linux package that starts on Ubuntu 24.04+: its install adds an AppArmor profile
 * that lets Chromium's sandbox create user namespaces (an AppImage cannot; README, Install). These
 * checks keep it that way: the deb stays first, nothing replaces the install script or the profile,
 * and the electron-builder in use still ships both.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const config = readFileSync(resolve(ROOT, 'electron-builder.yml'), 'utf8')
const templates = resolve(ROOT, 'node_modules/app-builder-lib/templates/linux')

/** The lines of one top-level section of electron-builder.yml. */
function section(name: string): string {
  const match = new RegExp(`^${name}:\\n((?:[ #].*\\n|\\n)*)`, 'm').exec(config)
  expect(match, `section ${name}`).not.toBeNull()
  return match?.[1] ?? ''
}

describe('Linux packages', () => {
  it('lists the deb first, the download to recommend', () => {
    const targets = [...section('linux').matchAll(/^ {4}- target: (\S+)/gm)].map((match) => match[1])
    expect(targets).toEqual(['deb', 'AppImage'])
  })

  it("keeps electron-builder's deb install script and AppArmor profile", () => {
    for (const option of ['afterInstall', 'appArmorProfile', 'fpm'])
      expect(`${section('deb')}${section('linux')}`).not.toMatch(new RegExp(`^\\s+${option}:`, 'm'))
  })

  it('electron-builder installs a profile granting user namespaces to the installed app', () => {
    const profile = readFileSync(resolve(templates, 'apparmor-profile.tpl'), 'utf8')
    expect(profile).toMatch(
      /profile "\$\{executable\}" "\/opt\/\$\{sanitizedProductName\}\/\$\{executable\}"/,
    )
    expect(profile).toMatch(/^\s+userns,$/m)
    const postinst = readFileSync(resolve(templates, 'after-install.tpl'), 'utf8')
    expect(postinst).toContain("APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'")
    expect(postinst).toContain('apparmor_parser --replace')
  })
})
