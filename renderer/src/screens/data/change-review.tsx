import { Alert, Badge, Button, Checkbox, Code, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState, type ReactElement } from 'react';
import type { PlannedStatementView, RowChangeInput } from '../../../../shared/contract/query';
import type { DatabaseRole } from '../../../../shared/schema/model';
import { lupo } from '../../api/lupo';
import { TypedDatabaseInput } from '../../components/typed-confirmation/typed-confirmation';
import { toUiError } from '../../lib/ui-error';

const ACTION_LABEL: Readonly<Record<PlannedStatementView['action'], string>> = {
  update: 'update',
  insert: 'insert',
  'soft-delete': 'soft delete',
  delete: 'DELETE',
};

/** Props of the change set's review. */
export interface ChangeReviewProps {
  readonly connectionId: string;
  readonly role: DatabaseRole;
  readonly table: string;
  /** The table has `is_deleted`: a delete sets it unless hard delete is chosen. */
  readonly softDelete: boolean;
  /** Row changes for a choice of hard delete. */
  readonly changesFor: (hardDelete: boolean) => RowChangeInput[];
  readonly onClose: () => void;
  /** The set was committed. */
  readonly onCommitted: (applied: number) => void;
}

/**
 * "Review": the exact SQL the engine built for the change set — each statement as sent (with
 * `?`) and its bound values, the literal rendering, the re-read that checks the row has not
 * changed — then one transaction after confirmation. A DELETE needs the database name typed
 * (as the migration wizard asks); on a soft-delete table it is an explicit choice.
 */
export function ChangeReview(props: ChangeReviewProps): ReactElement {
  const { connectionId, role, table, softDelete } = props;
  const [hardDelete, setHardDelete] = useState(false);
  const [plan, setPlan] = useState<{ statements: PlannedStatementView[]; confirmWith?: string }>();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();
  const [conflicts, setConflicts] = useState<readonly { change: number; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const changes = props.changesFor(hardDelete);
  const changesKey = JSON.stringify(changes);
  const hasDeletes = changes.some((c) => c.kind === 'delete');

  useEffect(() => {
    let current = true;
    setPlan(undefined);
    setError(undefined);
    setConflicts([]);
    lupo
      .call('query/edit-review', { connectionId, role, table, changes })
      .then((next) => current && setPlan(next))
      .catch((failure: unknown) => current && setError(toUiError(failure).message));
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- changesKey holds the changes
  }, [changesKey, connectionId, role, table]);

  const commit = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const outcome = await lupo.call('query/edit-apply', {
        connectionId,
        role,
        table,
        changes,
        ...(plan?.confirmWith ? { typed } : {}),
      });
      if (outcome.committed) props.onCommitted(outcome.applied);
      else setConflicts(outcome.conflicts);
    } catch (failure) {
      setError(toUiError(failure).message);
    } finally {
      setBusy(false);
    }
  };

  const confirmed = plan !== undefined && (plan.confirmWith === undefined || typed === plan.confirmWith);
  return (
    <Modal opened onClose={props.onClose} title={`Review changes to ${table}`} size="xl" data-testid="edit-review">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Applied in one transaction. Each changed or deleted row is first re-read with <Code>SELECT … FOR UPDATE</Code>
          : if the server changed it since it was read, nothing is committed. Values are sent as bound parameters.
        </Text>
        {softDelete && hasDeletes && (
          <Checkbox
            color="red"
            checked={hardDelete}
            onChange={(e) => setHardDelete(e.currentTarget.checked)}
            label="Hard delete: DELETE the rows instead of setting is_deleted (the doctrine's soft delete)"
            data-testid="edit-hard-delete"
          />
        )}
        {!plan && !error && <Loader size="sm" />}
        {plan?.statements.map((s, i) => (
          <Stack key={i} gap={2} data-testid="edit-statement">
            <Group gap="xs">
              <Badge size="sm" variant="light" color={s.destructive ? 'red' : s.action === 'insert' ? 'green' : 'blue'}>
                {ACTION_LABEL[s.action]}
              </Badge>
              {conflicts.some((c) => c.change === s.change) && (
                <Badge size="sm" color="orange" data-testid="edit-conflict-badge">
                  conflict
                </Badge>
              )}
            </Group>
            <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="edit-statement-literal">
              {s.literal}
            </Code>
            <Text size="xs" c="dimmed" className="lupo-mono" data-testid="edit-statement-sql">
              sent as: {s.sql} — values {JSON.stringify(s.params)}
            </Text>
            {s.check && (
              <Text size="xs" c="dimmed" className="lupo-mono">
                checked first: {s.check}
              </Text>
            )}
          </Stack>
        ))}
        {plan?.confirmWith && (
          <TypedDatabaseInput
            database={plan.confirmWith}
            value={typed}
            onChange={setTyped}
            testId="edit-confirm-database"
          />
        )}
        {conflicts.length > 0 && (
          <Alert color="orange" title="Nothing was committed" data-testid="edit-conflicts">
            {conflicts.map((c) => (
              <Text key={c.change} size="sm">
                Change {c.change + 1}: {c.message}
              </Text>
            ))}
            <Text size="sm" mt={4}>
              Reload the table to see the rows as they are now, then edit again.
            </Text>
          </Alert>
        )}
        {error && (
          <Alert color="red" data-testid="edit-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Back to editing
          </Button>
          <Button
            color={plan?.confirmWith ? 'red' : undefined}
            disabled={!confirmed || busy}
            loading={busy}
            onClick={() => void commit()}
            data-testid="edit-commit"
          >
            Commit {plan?.statements.length ?? ''} change{plan?.statements.length === 1 ? '' : 's'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
