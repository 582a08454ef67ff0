import { Fragment, type ReactElement } from 'react';

/** Props of a database (or table) name. */
export interface DatabaseNameProps {
  readonly name: string;
  /** Extra class names (e.g. `lupo-mono`). */
  readonly className?: string;
}

/**
 * A database name that wraps only between its `_`/`.`-separated segments
 * (`lupo_demo_|orchestration`, never `lupo_demo_orchestratio|n`): a `<wbr>` after each
 * separator and no break inside a segment, unless one segment alone is wider than the
 * space (then, as a last resort, it breaks anywhere rather than overflow). The full name
 * is its title.
 */
export function DatabaseName({ name, className }: DatabaseNameProps): ReactElement {
  const segments = name.split(/(?<=[_.])/);
  return (
    <span className={['lupo-dbname', className].filter(Boolean).join(' ')} title={name} data-db-name={name}>
      {segments.map((segment, index) => (
        <Fragment key={index}>
          {segment}
          {index < segments.length - 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}
