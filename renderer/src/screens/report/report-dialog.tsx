import {
  Alert,
  Badge,
  Box,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState, type ReactElement } from 'react';
import type { RenderedReport, ReportSaveFormat } from '../../../../shared/contract/report';
import { Icon } from '../../app/icons';
import { downloadBlob } from '../../lib/download-blob';
import { useConnection, useWorkspace } from '../../stores/app-stores';
import { reportStore, useReport } from './report-state';

const FORMATS: readonly { value: ReportSaveFormat; label: string }[] = [
  { value: 'md', label: 'Markdown' },
  { value: 'json', label: 'JSON' },
  { value: 'html', label: 'HTML' },
  { value: 'pdf', label: 'PDF' },
];

/** Offers the rendered text (or PDF bytes) as a file download. */
function download(content: string | Uint8Array<ArrayBuffer>, fileName: string, mediaType: string): void {
  downloadBlob(new Blob([content], { type: mediaType }), fileName);
}

/** Downloads the preview's text, or — for PDF — the bytes the engine printed (works over SSH in browser mode). */
async function downloadCurrent(format: ReportSaveFormat, preview: RenderedReport | undefined): Promise<void> {
  if (format !== 'pdf') {
    if (preview) download(preview.content, preview.fileName, preview.mediaType);
    return;
  }
  const pdf = await reportStore.getState().fetchPdf();
  if (pdf) download(new Uint8Array(pdf.bytes), pdf.fileName, 'application/pdf');
}

/**
 * The schema sync report export dialog: format choice, a live preview (Markdown/JSON as
 * text, HTML in a sandboxed frame with scripts and same-origin access disabled), Copy,
 * Download, and Save to a path (PDF is printed by the main process).
 */
export function ReportDialog(): ReactElement {
  const opened = useReport((s) => s.opened);
  const format = useReport((s) => s.format);
  const preview = useReport((s) => s.preview);
  const rendering = useReport((s) => s.rendering);
  const renderError = useReport((s) => s.renderError);
  const path = useReport((s) => s.path);
  const saving = useReport((s) => s.saving);
  const saved = useReport((s) => s.saved);
  const saveError = useReport((s) => s.saveError);
  const downloading = useReport((s) => s.downloading);
  const connectionId = useReport((s) => s.connectionId);
  const endpoint = useConnection((s) => (s.info && s.info.connectionId === connectionId ? s.info.endpoint : undefined));
  const root = useWorkspace((s) => s.summary?.root);
  const [copied, setCopied] = useState<'ok' | 'failed' | undefined>();

  const copy = async (): Promise<void> => {
    if (!preview) return;
    try {
      await navigator.clipboard.writeText(preview.content);
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied(undefined), 2_000);
  };
  const isHtml = preview?.mediaType.startsWith('text/html') ?? false;

  return (
    <Modal
      opened={opened}
      onClose={() => reportStore.getState().close()}
      size="min(1100px, 92vw)"
      title={
        <Group gap="xs">
          <Text fw={600}>Export schema sync report</Text>
          <Badge variant="light" color={endpoint ? 'green' : 'gray'}>
            {endpoint ? `definitions vs live · ${endpoint}` : 'definitions vs SQL files'}
          </Badge>
        </Group>
      }
      data-testid="report-dialog"
    >
      <Stack gap="sm">
        <Group justify="space-between">
          <SegmentedControl
            value={format}
            onChange={(value) => void reportStore.getState().setFormat(value as ReportSaveFormat)}
            data={FORMATS.map((entry) => ({ value: entry.value, label: entry.label }))}
            data-testid="report-format"
          />
          <Group gap="xs">
            {format === 'pdf' && (
              <Text size="xs" c="dimmed">
                PDF is printed from the HTML shown below.
              </Text>
            )}
            <Button
              size="xs"
              variant="default"
              leftSection={<Icon name="refresh" size={14} />}
              onClick={() => void reportStore.getState().render()}
              loading={rendering}
              data-testid="report-refresh"
            >
              Refresh
            </Button>
          </Group>
        </Group>

        <Box
          style={{
            height: 'min(50vh, 520px)',
            border: '1px solid var(--mantine-color-default-border)',
            borderRadius: 'var(--mantine-radius-sm)',
            overflow: 'hidden',
            position: 'relative',
            background: isHtml ? '#fff' : 'var(--mantine-color-body)',
          }}
          data-testid="report-preview"
          data-format={format}
        >
          {renderError ? (
            <Center h="100%" p="lg">
              <Alert
                color="red"
                variant="light"
                title={renderError.message}
                icon={<Icon name="alert" />}
                data-testid="report-error"
              >
                {renderError.hint}
              </Alert>
            </Center>
          ) : !preview ? (
            <Center h="100%">
              <Loader size="sm" />
            </Center>
          ) : isHtml ? (
            <iframe
              title="Report preview"
              sandbox=""
              srcDoc={preview.content}
              style={{ width: '100%', height: '100%', border: 0, display: 'block' }}
              data-testid="report-preview-html"
            />
          ) : (
            <ScrollArea h="100%">
              <pre
                className="lupo-mono"
                style={{
                  margin: 0,
                  padding: 'var(--mantine-spacing-md)',
                  fontSize: 12.5,
                  lineHeight: 1.55,
                  whiteSpace: 'pre-wrap',
                  wordBreak: 'break-word',
                }}
                data-testid="report-preview-text"
              >
                {preview.content}
              </pre>
            </ScrollArea>
          )}
          {rendering && preview && <Loader size="xs" style={{ position: 'absolute', top: 8, right: 8 }} />}
        </Box>

        <Group align="end" gap="xs" wrap="nowrap">
          <TextInput
            label="Save to"
            description={root ? `Absolute, or relative to ${root}` : 'Absolute, or relative to the workspace folder'}
            value={path}
            onChange={(e) => reportStore.getState().setPath(e.currentTarget.value)}
            style={{ flex: 1 }}
            classNames={{ input: 'lupo-mono' }}
            spellCheck={false}
            data-testid="report-path"
          />
          <Button
            onClick={() => void reportStore.getState().save()}
            loading={saving}
            disabled={path.trim() === ''}
            leftSection={<Icon name="folder" size={14} />}
            data-testid="report-save"
          >
            Save {FORMATS.find((entry) => entry.value === format)?.label}
          </Button>
        </Group>
        {saved && (
          <Alert
            color="green"
            variant="light"
            data-testid="report-saved"
            withCloseButton
            onClose={() => reportStore.setState({ saved: undefined })}
          >
            <Text size="sm">
              Saved {saved.format.toUpperCase()} ({saved.bytes.toLocaleString()} bytes) to{' '}
              <Text span className="lupo-mono">
                {saved.path}
              </Text>
            </Text>
          </Alert>
        )}
        {saveError && (
          <Alert
            color="red"
            variant="light"
            title={saveError.message}
            icon={<Icon name="alert" />}
            data-testid="report-save-error"
          >
            {saveError.hint}
          </Alert>
        )}
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {preview ? `${preview.fileName} · ${preview.content.length.toLocaleString()} characters` : ' '}
          </Text>
          <Group gap="xs">
            <Button
              variant="default"
              size="xs"
              onClick={() => void copy()}
              disabled={!preview}
              data-testid="report-copy"
            >
              {copied === 'ok' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
            </Button>
            <Button
              variant="default"
              size="xs"
              onClick={() => void downloadCurrent(format, preview)}
              disabled={!preview}
              loading={downloading}
              data-testid="report-download"
            >
              Download {format === 'pdf' ? 'PDF' : ''}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
