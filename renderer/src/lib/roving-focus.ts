import { useState, type FocusEvent, type KeyboardEvent } from 'react';

/** The attribute that marks one stop of a keyboard list. */
const ITEM_ATTRIBUTE = 'data-roving-item';

/**
 * Where Up/Down/Home/End move in a list of `count` items from `current` (-1: nothing focused
 * yet); undefined for any other key. Stops at the ends (no wrap-around), as listboxes do.
 */
export function nextListIndex(key: string, current: number, count: number): number | undefined {
  if (count === 0) return undefined;
  if (key === 'ArrowDown') return Math.min(count - 1, current + 1);
  if (key === 'ArrowUp') return Math.max(0, current - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return undefined;
}

/** Props the list container and each of its items get from `useRovingFocus`. */
export interface RovingFocus {
  readonly containerProps: {
    onKeyDown(event: KeyboardEvent<HTMLElement>): void;
  };
  itemProps(index: number): {
    readonly tabIndex: 0 | -1;
    readonly [ITEM_ATTRIBUTE]: number;
    onFocus(event: FocusEvent<HTMLElement>): void;
  };
}

/**
 * Roving tabindex for a list (the WAI-ARIA listbox keyboard pattern): Tab enters the list
 * once, on the current item (the last focused, else `initial`, else the first); Up/Down,
 * Home and End move the focus between items. Enter and Space are left to the item — a
 * button clicks, a row opens what it shows. Keys typed in a field inside an item stay there.
 */
export function useRovingFocus(count: number, initial = 0): RovingFocus {
  const [focused, setFocused] = useState(-1);
  const current = focused >= 0 && focused < count ? focused : Math.min(Math.max(0, initial), Math.max(0, count - 1));
  return {
    containerProps: {
      onKeyDown(event) {
        const target = event.target as HTMLElement;
        if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
        const items = [...event.currentTarget.querySelectorAll<HTMLElement>(`[${ITEM_ATTRIBUTE}]`)];
        const at = items.findIndex((item) => item === target || item.contains(target));
        const next = nextListIndex(event.key, at < 0 ? current - 1 : at, items.length);
        if (next === undefined) return;
        event.preventDefault();
        setFocused(next);
        items[next]?.focus();
      },
    },
    itemProps: (index) => ({
      tabIndex: index === current ? 0 : -1,
      [ITEM_ATTRIBUTE]: index,
      onFocus(event) {
        // Focus on a button inside the item does not move the list's stop.
        if (event.target === event.currentTarget) setFocused(index);
      },
    }),
  };
}
