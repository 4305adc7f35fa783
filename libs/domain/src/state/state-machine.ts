/** A forbidden transition: the API answers 422 with code INVALID_TRANSITION. */
export class TransitionError extends Error {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly aggregate: string,
    readonly from: string,
    readonly action: string,
    readonly allowed: string[],
  ) {
    super(
      `${aggregate} cannot ${action} from status '${from}'${allowed.length ? ` (allowed from: ${allowed.join(', ')})` : ''}`,
    );
  }
}

/** Declarative transition table: action → allowed source states → target state. */
export class StateMachine<S extends string, A extends string> {
  constructor(
    readonly aggregate: string,
    private readonly table: Record<A, { from: readonly S[]; to: S | ((from: S) => S) }>,
  ) {}

  /** Returns the target state or throws TransitionError. */
  next(from: S, action: A): S {
    const t = this.table[action];
    if (!t || !t.from.includes(from)) throw new TransitionError(this.aggregate, from, action, t ? [...t.from] : []);
    return typeof t.to === 'function' ? t.to(from) : t.to;
  }

  can(from: S, action: A): boolean {
    const t = this.table[action];
    return !!t && t.from.includes(from);
  }

  sourcesOf(action: A): readonly S[] {
    return this.table[action].from;
  }
}
