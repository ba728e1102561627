/**
 * Which client-chosen operation names get their own metric series. A new name is labelled at
 * once, on probation in a small LRU; after `promoteAfter` successful operations it joins the
 * established names (a larger LRU). A name pushed out of either loses its series (`onEvict`)
 * and starts over when it comes back. So crafted names can only churn the probation slots,
 * never crowd out names in steady use, and the series stay bounded.
 */
export interface OperationNameOptions {
  established: number;
  probation: number;
  promoteAfter: number;
  onEvict(name: string): void;
}

export class OperationNames {
  /** Names in steady use; Map order is least recently used first. */
  private readonly established = new Set<string>();
  /** New names and their successes so far; least recently used first. */
  private readonly probation = new Map<string, number>();

  constructor(private readonly options: OperationNameOptions) {}

  /** The label for one finished operation named `name`: the name itself, now that it has a slot. */
  label(name: string, success: boolean): string {
    if (this.established.delete(name)) {
      this.established.add(name);
      return name;
    }
    const successes = (this.probation.get(name) ?? 0) + (success ? 1 : 0);
    this.probation.delete(name);
    if (successes >= this.options.promoteAfter) {
      this.makeRoom(this.established, this.options.established);
      this.established.add(name);
    } else {
      this.makeRoom(this.probation, this.options.probation);
      this.probation.set(name, successes);
    }
    return name;
  }

  /** Makes room for one more in `names` by evicting its least recently used. */
  private makeRoom(names: Set<string> | Map<string, number>, max: number): void {
    while (names.size >= max) {
      const oldest = names.keys().next().value as string;
      names.delete(oldest);
      this.options.onEvict(oldest);
    }
  }
}
