import { expect, test } from '@playwright/test';
import {
  ADMIN,
  expectAccessible,
  goTo,
  linkIn,
  login,
  loginHome,
  logout,
  openNav,
  unique,
  waitForMail,
} from './helpers';

test.describe('administrator (Spanish)', () => {
  test('home shows who I am and every admin page', async ({ page }) => {
    await loginHome(page, ADMIN);
    await expect(page.getByRole('heading', { level: 1, name: 'Inicio' })).toBeVisible();
    await expect(page.locator('.brand-org')).toHaveText('Demo');
    await expect(page.getByText(ADMIN).first()).toBeVisible();
    const main = page.locator('main');
    for (const name of [
      'Usuarios',
      'Perfiles de acceso',
      'Clientes y campañas',
      'Tokens de API',
      'Registro de auditoría',
    ]) {
      await expect(main.getByRole('link', { name: new RegExp(name) })).toBeVisible();
    }
    await expect(main.getByRole('link', { name: /Documento de la API/ })).toHaveAttribute(
      'href',
      '/api/v1/openapi.json',
    );
    await expectAccessible(page, 'home');
    await openNav(page);
    await expect(page.locator('#app-nav').getByRole('link', { name: 'Usuarios' })).toBeVisible();
    await expectAccessible(page, 'home with the navigation open');
  });

  test('invites a user who accepts by mail, sets a password and logs in', async ({ page }, info) => {
    const id = unique(info);
    const email = `invitee-${id}@demo.test`;
    const name = `Invitada ${id}`;
    await login(page, ADMIN);
    await goTo(page, 'Usuarios');
    await expect(page.getByRole('heading', { level: 1, name: 'Usuarios' })).toBeVisible();
    await expect(page.locator('li.row').filter({ hasText: 'agent1@demo.test' })).toBeVisible();
    await expectAccessible(page, 'users');

    await page.getByRole('button', { name: 'Invitar usuario' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invitar usuario' });
    await expect(dialog).toBeVisible();
    await expectAccessible(page, 'invite dialog');
    await dialog.getByRole('button', { name: 'Enviar invitación' }).click();
    await expect(dialog.locator('#invite-email-error')).toHaveText('Este campo es obligatorio.');
    await dialog.getByLabel('Correo electrónico').fill(email);
    await dialog.getByLabel('Nombre').fill(name);
    await dialog.getByRole('button', { name: 'Enviar invitación' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(`Invitación enviada a ${email}.`)).toBeVisible();
    const row = page.locator('li.row').filter({ hasText: email });
    await expect(row).toContainText('Invitado');

    const mail = await waitForMail(email);
    const link = linkIn(mail, '/accept-invite');
    await logout(page);

    await page.goto(link.pathname + link.search);
    await expect(page.getByRole('heading', { level: 1, name: 'Bienvenido a Charla' })).toBeVisible();
    await expectAccessible(page, 'accept invite');
    await page.getByLabel('Nueva contraseña').fill('una-clave-segura-1');
    await page.getByLabel('Repite la contraseña').fill('otra-clave-distinta');
    await page.getByRole('button', { name: 'Activar mi cuenta' }).click();
    await expect(page.locator('#confirm-password-error')).toHaveText('Las contraseñas no coinciden.');
    await page.getByLabel('Repite la contraseña').fill('una-clave-segura-1');
    await page.getByRole('button', { name: 'Activar mi cuenta' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('status').filter({ hasText: 'Tu cuenta está lista' })).toBeVisible();

    await loginHome(page, email, 'una-clave-segura-1');
    await expect(page.getByText(`Hola, ${name}.`)).toBeVisible();
    await logout(page);
    // The invitation link works once.
    await page.goto(link.pathname + link.search);
    await page.getByLabel('Nueva contraseña').fill('una-clave-segura-2');
    await page.getByLabel('Repite la contraseña').fill('una-clave-segura-2');
    await page.getByRole('button', { name: 'Activar mi cuenta' }).click();
    await expect(page.getByRole('alert')).toHaveText('El enlace venció o ya se usó.');

    // Too many wrong passwords lock the account; the page says until when, in local time.
    await page.goto('/login');
    const alert = page.getByRole('alert');
    for (let i = 0; i < 6; i++) {
      await page.locator('#login-email').fill(email);
      await page.locator('#login-password').fill(`wrong-password-${i}`);
      await page.getByRole('button', { name: 'Entrar' }).click();
      await expect(alert).toBeVisible();
      if ((await alert.textContent())?.includes('bloqueada')) break;
    }
    await expect(alert).toContainText('Tu cuenta está bloqueada temporalmente');
    await expect(alert).toContainText(/Podrás volver a intentarlo a partir del .*\d{1,2}:\d{2}/);
  });

  test('edits a user and reads the status history', async ({ page }) => {
    await login(page, ADMIN);
    await goTo(page, 'Usuarios');
    const row = page.locator('li.row').filter({ hasText: 'agent2@demo.test' });
    await row.getByRole('button', { name: /^Historial/ }).click();
    const history = page.getByRole('dialog', { name: /Historial de estados/ });
    await expect(history).toBeVisible();
    await expectAccessible(page, 'status history');
    await history.getByRole('button', { name: 'Cerrar' }).click();

    await row.getByRole('button', { name: /^Editar/ }).click();
    const edit = page.getByRole('dialog', { name: /Editar a/ });
    await expectAccessible(page, 'edit user');
    await edit.getByLabel('Capacidad').fill('7');
    await edit.getByRole('button', { name: 'Guardar' }).click();
    await expect(edit).toBeHidden();
    await expect(row).toContainText('Capacidad: 7');

    await row.getByRole('button', { name: /Restablecer la contraseña/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Restablecer contraseña' });
    await confirm.getByRole('button', { name: 'Enviar enlace' }).click();
    await expect(page.getByText('Enviamos un enlace a agent2@demo.test.')).toBeVisible();
  });

  test('manages pause reasons', async ({ page }, info) => {
    const reason = `Reunión ${unique(info)}`;
    await login(page, ADMIN);
    await goTo(page, 'Usuarios');
    await page.getByPlaceholder('Nuevo motivo de pausa').fill(reason);
    await page.getByRole('button', { name: 'Agregar motivo' }).click();
    const item = page.locator('li.reason').filter({ hasText: reason });
    await expect(item).toBeVisible();
    await item.getByRole('button', { name: `Eliminar ${reason}` }).click();
    await page
      .getByRole('dialog', { name: 'Eliminar motivo de pausa' })
      .getByRole('button', { name: 'Eliminar' })
      .click();
    await expect(item).toBeHidden();
  });

  test('creates a custom profile with a permission grid', async ({ page }, info) => {
    const name = `Calidad ${unique(info)}`;
    await login(page, ADMIN);
    await goTo(page, 'Perfiles de acceso');
    await expect(page.getByRole('heading', { level: 1, name: 'Perfiles de acceso' })).toBeVisible();
    const admin = page.locator('.profile-card').filter({ hasText: 'Administrador' });
    await expect(admin.getByRole('button', { name: /^Editar/ })).toBeDisabled();
    await expect(admin.getByRole('button', { name: /^Eliminar/ })).toBeDisabled();
    await expectAccessible(page, 'profiles');

    await page.getByRole('button', { name: 'Nuevo perfil' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nuevo perfil de acceso' });
    await expect(dialog.getByRole('group', { name: 'Bandeja de entrada' })).toBeVisible();
    await expectAccessible(page, 'profile editor');
    await dialog.getByLabel('Nombre').fill(name);
    await dialog.getByLabel('Atender sus conversaciones').check();
    await dialog.getByLabel('Ver reportes').check();
    await dialog.getByRole('group', { name: 'Contactos' }).getByLabel('Todos').check();
    await dialog.getByRole('button', { name: 'Guardar' }).click();
    await expect(dialog).toBeHidden();
    const card = page.locator('.profile-card').filter({ hasText: name });
    await expect(card).toContainText('4 permisos');
    await card.getByRole('button', { name: /^Editar/ }).click();
    const editor = page.getByRole('dialog', { name: /Editar perfil/ });
    await expect(editor.getByLabel('Ver reportes')).toBeChecked();
    await editor.getByLabel('Ver reportes').uncheck();
    await editor.getByRole('button', { name: 'Guardar' }).click();
    await expect(editor).toBeHidden();
    await expect(card).toContainText('3 permisos');

    await card.getByRole('button', { name: /^Miembros/ }).click();
    await expect(page.getByRole('dialog', { name: /Miembros de/ })).toContainText('Nadie tiene este perfil.');
    await page
      .getByRole('dialog', { name: /Miembros de/ })
      .getByRole('button', { name: 'Cerrar' })
      .click();

    await card.getByRole('button', { name: /^Eliminar/ }).click();
    await page
      .getByRole('dialog', { name: 'Eliminar perfil' })
      .getByRole('button', { name: 'Eliminar' })
      .click();
    await expect(card).toBeHidden();
  });

  test('creates a client, project and campaign, archives one, and finds them in the audit log', async ({
    page,
  }, info) => {
    const id = unique(info);
    const client = `Cliente ${id}`;
    const project = `Proyecto ${id}`;
    const campaign = `Campaña ${id}`;
    await login(page, ADMIN);
    await goTo(page, 'Clientes y campañas');
    await expect(page.getByRole('heading', { level: 1, name: 'Clientes y campañas' })).toBeVisible();
    await expectAccessible(page, 'organization');

    await page.getByPlaceholder('Nombre del nuevo cliente').fill(client);
    await page.getByRole('button', { name: 'Agregar' }).first().click();
    await page.getByRole('button', { name: client, exact: true }).click();
    await page.getByPlaceholder('Nombre del nuevo proyecto').fill(project);
    await page
      .locator('section')
      .filter({ hasText: 'Proyectos' })
      .getByRole('button', { name: 'Agregar' })
      .click();
    await page.getByRole('button', { name: project, exact: true }).click();
    await page.getByPlaceholder('Nombre de la nueva campaña').fill(campaign);
    await page
      .locator('section')
      .filter({ hasText: 'Campañas' })
      .getByRole('button', { name: 'Agregar' })
      .click();
    const campaignItem = page.locator('li.node').filter({ hasText: campaign });
    await expect(campaignItem).toBeVisible();
    await expectAccessible(page, 'organization with a selection');

    await campaignItem.getByRole('button', { name: `Editar ${campaign}` }).click();
    const edit = page.getByRole('dialog', { name: /Editar/ });
    await expectAccessible(page, 'edit campaign');
    await edit.getByLabel('Descripción').fill('Ventas por WhatsApp');
    await edit.getByRole('button', { name: 'Guardar' }).click();
    await expect(edit).toBeHidden();
    await expect(campaignItem).toContainText('Ventas por WhatsApp');

    await campaignItem.getByRole('button', { name: `Archivar ${campaign}` }).click();
    await expect(campaignItem).toBeHidden();
    await page.getByLabel('Mostrar archivados').check();
    await expect(campaignItem).toContainText('Archivado');
    await expectAccessible(page, 'organization with archived items');

    await goTo(page, 'Registro de auditoría');
    await expect(page.getByRole('heading', { level: 1, name: 'Registro de auditoría' })).toBeVisible();
    const rows = page.locator('.audit-table > tbody > tr');
    await expect(rows.filter({ hasText: `Creó un cliente · ${client}` })).toBeVisible();
    await expect(rows.filter({ hasText: `Creó un proyecto · ${project}` })).toBeVisible();
    await expect(rows.filter({ hasText: `Creó una campaña · ${campaign}` })).toBeVisible();
    const archived = rows.filter({ hasText: `Archivó una campaña · ${campaign}` });
    await expect(archived).toBeVisible();
    await archived.getByRole('button', { name: /Ver cambios/ }).click();
    await expect(page.locator('table.diff').first()).toContainText('archived');
    await expectAccessible(page, 'audit log with a diff');

    await page.getByLabel('Tipo de elemento').selectOption({ label: 'Cliente' });
    await expect(rows.filter({ hasText: `Creó un cliente · ${client}` })).toBeVisible();
    await expect(rows.filter({ hasText: 'Creó una campaña' })).toHaveCount(0);
  });

  test('creates an API token shown once, then revokes it', async ({ page }, info) => {
    const name = `CRM ${unique(info)}`;
    await login(page, ADMIN);
    await goTo(page, 'Tokens de API');
    await expect(page.getByRole('heading', { level: 1, name: 'Tokens de API' })).toBeVisible();
    await expectAccessible(page, 'tokens');
    await page.getByRole('button', { name: 'Nuevo token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nuevo token de API' });
    await dialog.getByLabel('Nombre').fill(name);
    await dialog.getByRole('button', { name: 'Crear token' }).click();
    const created = page.getByRole('dialog', { name: 'Token creado' });
    await expect(created.getByLabel('Token')).not.toHaveValue('');
    await expect(created).toContainText('no volverá a mostrarse');
    await expectAccessible(page, 'token created');
    await created.getByRole('button', { name: 'Listo' }).click();

    const row = page.locator('li.row').filter({ hasText: name });
    await expect(row).toContainText('Activo');
    await expect(row).toContainText('Creado por');
    await row.getByRole('button', { name: `Revocar ${name}` }).click();
    await page
      .getByRole('dialog', { name: 'Revocar token' })
      .getByRole('button', { name: 'Revocar' })
      .click();
    await expect(row).toContainText('Revocado');
  });

  test('edits the own profile and logs out everywhere', async ({ browser, page }) => {
    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await login(other, ADMIN);
    await loginHome(page, ADMIN);
    await page.locator('.user-menu-button').click();
    await page.getByRole('button', { name: 'Mi perfil' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mi perfil' });
    await expectAccessible(page, 'my profile');
    await dialog.getByLabel('Zona horaria').fill('Not/AZone');
    await dialog.getByRole('button', { name: 'Guardar' }).click();
    await expect(dialog.locator('#profile-tz-error')).toBeVisible();
    await dialog.getByLabel('Zona horaria').fill('America/Mexico_City');
    await dialog.getByRole('button', { name: 'Guardar' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.locator('main')).toContainText('America/Mexico_City');
    await logout(page, 'Cerrar sesión en todos los dispositivos');
    await expect(page.getByRole('status').filter({ hasText: 'todos tus dispositivos' })).toBeVisible();

    // The other browser's session ended too: its next request sends it to the login page.
    await goTo(other, 'Usuarios');
    await expect(other).toHaveURL(/\/login\?next=%2Fsettings%2Fusers$/);
    await expect(other.getByRole('status').filter({ hasText: 'Tu sesión terminó' })).toBeVisible();
    await otherContext.close();
  });
});
