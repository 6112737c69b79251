import { expect, test } from '@playwright/test';
import { ADMIN, goTo, login } from './helpers';

// The web app runs under its Content-Security-Policy (no inline script, no eval, only its
// own origin): every screen an administrator opens reports no violation.
test.describe('content security policy', () => {
  test('the app is served with its policy and no screen violates it', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(message.text())) {
        violations.push(message.text());
      }
    });
    const response = await page.goto('/login');
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    await login(page, ADMIN);
    for (const screen of [
      'Usuarios',
      'Perfiles de acceso',
      'Canales',
      'Contactos',
      'Archivos',
      'Chatbot',
      'Encuestas',
      'Respuestas rápidas',
      'Simulador',
      'Tokens de API',
      'Registro de auditoría',
    ]) {
      await goTo(page, screen);
      await expect(page.locator('h1')).toBeVisible();
    }
    expect(violations).toEqual([]);
  });
});
