/** Settings → Backups in browser mode: take one, answer more, restore it after a confirmation, without a restart. */
import { expect, test } from './fixtures';
import { acceptDialogs, answerBox, areaFigures, gradeAndSave, homeReady, startDrill } from './steps';

test('a backup taken in Settings can be restored after a confirmation, and the app shows the restored data at once', async ({ page, server }) => {
  acceptDialogs(page);
  await page.goto(server.url);
  await startDrill(page, { areas: ['evaluation'], count: 1 });
  await answerBox(page).fill('First answer, kept in the backup.');
  await gradeAndSave(page, 1);
  await page.getByRole('button', { name: 'Back to Home' }).click();
  await homeReady(page);
  await expect.poll(() => areaFigures(page, 'evaluation')).toMatch(/practised 1 \//);

  await page.getByRole('button', { name: 'Settings' }).click();
  const backups = page.getByRole('region', { name: 'Backups' });
  await expect(backups.getByText('mldrill.sqlite-wal')).toBeVisible();
  await backups.getByRole('button', { name: 'Back up now' }).click();
  await expect(backups.getByRole('status')).toHaveText(/^Backed up \([\d.]+ (KB|MB)\)\.$/);
  // The daily backup taken at start, and this one.
  await expect(backups.getByRole('cell', { name: 'Daily' })).toBeVisible();
  await expect(backups.getByRole('cell', { name: 'Taken by you' })).toBeVisible();

  await page.getByRole('button', { name: 'Practice' }).click();
  await startDrill(page, { areas: ['evaluation'], count: 1 });
  await answerBox(page).fill('Second answer, after the backup.');
  await gradeAndSave(page, 1);
  await page.getByRole('button', { name: 'Back to Home' }).click();
  await expect.poll(() => areaFigures(page, 'evaluation')).toMatch(/practised 2 \//);

  await page.getByRole('button', { name: 'Settings' }).click();
  await backups.getByRole('button', { name: /^Restore the backup from/ }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
  await expect(dialog).toContainText('Anything you did after that is not in it.');
  // Cancel changes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await backups.getByRole('button', { name: /^Restore the backup from/ }).first().click();
  await dialog.getByRole('button', { name: 'Replace my data with this backup' }).click();
  await expect(dialog).toBeHidden();
  await expect(backups.getByRole('status')).toContainText('Restored the backup from');
  // The data taken before the restore is kept as a backup of its own.
  await expect(backups.getByRole('cell', { name: 'Before a restore' })).toBeVisible();

  await page.getByRole('button', { name: 'Practice' }).click();
  await homeReady(page);
  await expect.poll(() => areaFigures(page, 'evaluation')).toMatch(/practised 1 \//);
});
