import { Checkbox, TextInput } from '@mantine/core';
import type { ReactElement } from 'react';

/** Props of the typed database-name confirmation. */
export interface TypedDatabaseInputProps {
  /** The database the guarded run changes: what the operator must type. */
  readonly database: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly testId: string;
}

/**
 * The typed confirmation of a guarded apply or rollback (DESIGN §4): the operator types the
 * target database's name, so a run never starts on the wrong database by a stray click.
 */
export function TypedDatabaseInput({ database, value, onChange, testId }: TypedDatabaseInputProps): ReactElement {
  return (
    <TextInput
      label={`Type ${database} to confirm`}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      autoComplete="off"
      spellCheck={false}
      data-testid={testId}
    />
  );
}

/** Props of the second, explicit consent. */
export interface RiskConsentProps {
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  /** What the operator accepts (destructive statements, rows dropped…). */
  readonly label: string;
  readonly testId: string;
}

/** A red checkbox: the second confirmation a run that loses data needs on top of the typed name. */
export function RiskConsent({ checked, onChange, label, testId }: RiskConsentProps): ReactElement {
  return (
    <Checkbox
      color="red"
      checked={checked}
      onChange={(e) => onChange(e.currentTarget.checked)}
      label={label}
      data-testid={testId}
    />
  );
}
