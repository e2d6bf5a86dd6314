import type { User } from '@confab/protocol';
import type { AccountChanges, AccountsService, NewAccount } from './service.js';

// The `confab user …` commands, once main.ts has parsed their command line.

/** Where a command writes its answer: standard output, which carries nothing else, for scripts. */
export type Output = (text: string) => void;

/** `user add`: creates the account and says so. */
export async function addUser(accounts: AccountsService, input: NewAccount, out: Output): Promise<void> {
  const user = await accounts.createUser(input);
  out(`Created account "${user.username}" (id ${user.id}).\n`);
}

/** `user passwd`: replaces the password; the account's sessions end. */
export async function changePassword(
  accounts: AccountsService, name: string, password: string, out: Output,
): Promise<void> {
  await accounts.setPassword(name, password);
  out(`Password of ${JSON.stringify(name.trim().toLowerCase())} changed; its sessions have ended.\n`);
}

/** `user list`: every account as a table. */
export async function listUsers(accounts: AccountsService, out: Output): Promise<void> {
  out(userTable(await accounts.listUsers()));
}

/** `user set`: changes the account and prints it as `user list` would. */
export async function setUser(
  accounts: AccountsService, name: string, changes: AccountChanges, out: Output,
): Promise<void> {
  out(userTable([await accounts.updateUser(name, changes)]));
}

/** `user delete`: deletes the account; its sessions end and its meetings stay. */
export async function deleteUser(accounts: AccountsService, name: string, out: Output): Promise<void> {
  await accounts.deleteUser(name);
  out(`Deleted account ${JSON.stringify(name.trim().toLowerCase())}; its sessions have ended. `
    + 'Meetings it organised keep their chat.\n');
}

/** Accounts as aligned columns under a header, one line each. */
export function userTable(users: readonly User[]): string {
  const mark = (on: boolean): string => (on ? 'yes' : '-');
  const rows = [
    ['ID', 'USERNAME', 'DISPLAY NAME', 'ADMIN', 'MEETINGS', 'PHONE'],
    ...users.map((u) => [
      String(u.id), u.username, u.displayName, mark(u.isAdmin), mark(u.meetingRight), mark(u.phoneRight),
    ]),
  ];

  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const lines = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
  return `${lines.join('\n')}\n`;
}
