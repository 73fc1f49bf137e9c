/**
 * The impl kernel's two collections, sized for 65,535 VMs: a CNode's slot table and the VM pool. The
 * model uses persistent maps for both (model/kernel/state.ts `CNode.slots`, `KernelState.vms`); these
 * are mutable and allocation-light, with the same reads (get, has, size, ascending iteration).
 */

/** Above this many caps a table moves from a flat list to a Map. */
const SMALL_TABLE = 16;

/**
 * A CNode's slots: 256 of them, of which only the occupied ones cost memory. Small tables (most VMs
 * hold a few caps) are one exactly sized flat array [slot, cap, slot, cap, …] searched linearly and
 * replaced on insert (no spare capacity: 65,535 VMs must fit); larger ones a Map.
 */
export class CapTable<C> {
  private list: (number | C)[] = [];
  private map: Map<number, C> | null = null;

  /** The number of occupied slots. */
  get size(): number {
    return this.map !== null ? this.map.size : this.list.length >> 1;
  }

  /** The cap in a slot, if any. */
  get(slot: number): C | undefined {
    if (this.map !== null) return this.map.get(slot);
    const l = this.list;
    for (let i = 0; i < l.length; i += 2) if (l[i] === slot) return l[i + 1] as C;
    return undefined;
  }

  /** Whether a slot is occupied. */
  has(slot: number): boolean {
    return this.get(slot) !== undefined;
  }

  /** Writes a slot (the raw table write; Vm.set also clears the original bit). */
  put(slot: number, cap: C): void {
    if (this.map !== null) {
      this.map.set(slot, cap);
      return;
    }
    const l = this.list;
    for (let i = 0; i < l.length; i += 2) {
      if (l[i] === slot) {
        l[i + 1] = cap;
        return;
      }
    }
    if (l.length >> 1 < SMALL_TABLE) {
      const grown = new Array<number | C>(l.length + 2); // exactly sized: no spare capacity per VM
      for (let i = 0; i < l.length; i++) grown[i] = l[i]!;
      grown[l.length] = slot;
      grown[l.length + 1] = cap;
      this.list = grown;
      return;
    }
    const map = new Map<number, C>();
    for (let i = 0; i < l.length; i += 2) map.set(l[i] as number, l[i + 1] as C);
    map.set(slot, cap);
    this.map = map;
    this.list = [];
  }

  /** Empties a slot (the raw table write). */
  remove(slot: number): void {
    if (this.map !== null) {
      this.map.delete(slot);
      return;
    }
    const l = this.list;
    for (let i = 0; i < l.length; i += 2) {
      if (l[i] !== slot) continue;
      this.list = l.length === 2 ? [] : [...l.slice(0, i), ...l.slice(i + 2)];
      return;
    }
  }

  /** The occupied slots, ascending. */
  slots(): number[] {
    const out: number[] = [];
    if (this.map !== null) for (const k of this.map.keys()) out.push(k);
    else for (let i = 0; i < this.list.length; i += 2) out.push(this.list[i] as number);
    return out.sort((a, b) => a - b);
  }
}

/** Ids below this live in an array (CREATE hands them out densely); larger ones (from a snapshot) in a Map. */
const DENSE_IDS = 1 << 22;

/** Live VMs by id. */
export class VmTable<V> {
  private readonly byId: (V | undefined)[] = [];
  private readonly sparse = new Map<number, V>();
  /** The number of live VMs (the 65,535 limit counts these). */
  size = 0;

  /** The VM with an id, if it is alive. */
  get(id: number): V | undefined {
    return id < DENSE_IDS ? this.byId[id] : this.sparse.get(id);
  }

  /** Adds (or replaces) the VM with an id. */
  set(id: number, vm: V): void {
    if (this.get(id) === undefined) this.size++;
    if (id >= DENSE_IDS) {
      this.sparse.set(id, vm);
      return;
    }
    while (this.byId.length < id) this.byId.push(undefined);
    this.byId[id] = vm;
  }

  /** Removes the VM with an id, if any. */
  delete(id: number): void {
    if (this.get(id) === undefined) return;
    if (id < DENSE_IDS) this.byId[id] = undefined;
    else this.sparse.delete(id);
    this.size--;
  }

  /** The live VMs, ascending by id. */
  all(): V[] {
    const out: V[] = [];
    for (const vm of this.byId) if (vm !== undefined) out.push(vm);
    for (const id of [...this.sparse.keys()].sort((x, y) => x - y)) out.push(this.sparse.get(id) as V);
    return out;
  }
}
