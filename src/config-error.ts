/** Bad configuration: `setting` names the variable (or file and key) at fault; the message is one line, without secret values. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`${setting}: ${problem}`);
  }
}
