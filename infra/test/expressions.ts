// A small evaluator for the CloudWatch metric-math subset our alarms use (numbers, ids, + - * /, comparisons, IF),
// so tests can check what an alarm computes instead of how its text looks.

const allowed = /^[\sA-Za-z0-9_.+\-*/()<>=,]*$/;

export function evaluate(expression: string, values: Record<string, number>): number {
    if (!allowed.test(expression)) throw new Error(`unsupported characters in ${expression}`);
    const ids = [...new Set(expression.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])].filter((id) => id !== "IF");
    for (const id of ids) if (!(id in values)) throw new Error(`no value for ${id} in ${expression}`);
    const IF = (condition: boolean | number, whenTrue: number, whenFalse: number) => (condition ? whenTrue : whenFalse);
    const fn = new Function("IF", ...ids, `return (${expression});`) as (...args: unknown[]) => number;
    return fn(IF, ...ids.map((id) => values[id]));
}
