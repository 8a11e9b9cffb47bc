import { COMMANDS } from './commands.ts';

function help(): string {
  const lines = ['usage: undertone <command> [options]', '', 'commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  if (COMMANDS.length === 0) lines.push('  (none yet)');
  lines.push('', 'undertone <command> --help shows a command\'s options.');
  return lines.join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(help());
    return name ? 0 : 1;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`undertone: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    console.error(`undertone ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
