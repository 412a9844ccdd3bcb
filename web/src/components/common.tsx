// Small shared pieces: status badge, tags, error notes, a confirmation dialog and a checkbox
// dropdown for multi-value filters.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { statusLabel } from '../lib/format.ts';

export function StatusBadge({ status, message }: { status: string; message?: string | null }) {
  return (
    <span className={`status status-${status}`} data-status={status} title={message ?? undefined}>
      {statusLabel(status)}
      {message === 'stopping' ? ' (stopping)' : ''}
    </span>
  );
}

export function Tags({ tags }: { tags: readonly string[] }) {
  return (
    <span className="tags">
      {tags.map((tag) => (
        <span key={tag} className="tag">
          {tag}
        </span>
      ))}
    </span>
  );
}

/** A failure shown right where the action was taken. */
export function ErrorNote({ error, onDismiss }: { error: { code?: string; message: string } | undefined; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <span className="error-note" role="alert">
      {error.code ? <code>{error.code}</code> : null} {error.message}
      {onDismiss ? (
        <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      ) : null}
    </span>
  );
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirmRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  return (
    <div className="modal-backdrop" onClick={onCancel}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={title} onClick={(e) => e.stopPropagation()}>
        <h2>{title}</h2>
        <div className="modal-body">{children}</div>
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" ref={confirmRef} className={danger ? 'danger' : 'primary'} onClick={onConfirm} data-testid="confirm">
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}

/** A dropdown of checkboxes; `selected` empty means no restriction. */
export function MultiSelect({
  label,
  options,
  selected,
  onChange,
  format = (value) => value,
  summary: summarize,
  onOpen,
  loading,
  testId,
}: {
  label: string;
  options: readonly string[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  format?: (value: string) => string;
  /** The button text for the current selection (default: the values, or how many). */
  summary?: (selected: readonly string[]) => string;
  /** Called when the dropdown opens (load the options on demand). */
  onOpen?: () => void;
  /** The options are still loading. */
  loading?: boolean;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);
  const toggle = (value: string) =>
    onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);
  const summary = summarize ? summarize(selected) : selected.length === 0 ? 'any' : selected.length <= 2 ? selected.map(format).join(', ') : `${selected.length} selected`;
  return (
    <div className="multi-select" ref={ref} data-testid={testId}>
      <button
        type="button"
        className={selected.length ? 'active' : ''}
        onClick={() => {
          if (!open) onOpen?.();
          setOpen(!open);
        }}
        aria-expanded={open}
      >
        {label}: <strong>{summary}</strong> ▾
      </button>
      {open ? (
        <div className="dropdown">
          {loading ? <div className="muted">loading…</div> : null}
          {!loading && options.length === 0 ? <div className="muted">nothing to choose</div> : null}
          {[...new Set([...selected, ...options])].map((option) => (
            <label key={option}>
              <input type="checkbox" checked={selected.includes(option)} onChange={() => toggle(option)} value={option} />
              {format(option)}
            </label>
          ))}
          {selected.length ? (
            <button type="button" className="link" onClick={() => onChange([])}>
              clear
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
