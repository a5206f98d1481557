// A search box with suggestions as you type (the API's `search` field), grouped by kind, following
// the ARIA combobox pattern: ArrowDown/ArrowUp move through the suggestions, Enter picks one,
// Escape closes the list.
import { ApiError, EntityKind, EntityRef, search } from './api';
import { KIND_LABELS } from './kinds';

export interface Combobox {
  input: HTMLInputElement;
  /** The entity picked last (cleared when the text is edited). */
  value(): EntityRef | null;
  set(entity: EntityRef | null): void;
}

let counter = 0;

export function createCombobox(input: HTMLInputElement, onPick: (entity: EntityRef) => void): Combobox {
  const listId = `${input.id || `combo-${++counter}`}-list`;
  const list = document.createElement('ul');
  list.id = listId;
  list.className = 'suggestions';
  list.setAttribute('role', 'listbox');
  list.hidden = true;
  input.insertAdjacentElement('afterend', list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', listId);
  input.setAttribute('aria-expanded', 'false');
  input.autocomplete = 'off';

  let options: EntityRef[] = [];
  let active = -1;
  let picked: EntityRef | null = null;
  let timer: number | undefined;
  let requestNo = 0;

  const close = (): void => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const highlight = (index: number): void => {
    active = index;
    list.querySelectorAll('[role="option"]').forEach((element, i) => {
      element.setAttribute('aria-selected', String(i === index));
      if (i === index) {
        input.setAttribute('aria-activedescendant', element.id);
        element.scrollIntoView({ block: 'nearest' });
      }
    });
  };

  const pick = (entity: EntityRef): void => {
    picked = entity;
    input.value = entity.name;
    close();
    onPick(entity);
  };

  const message = (text: string): void => {
    list.replaceChildren();
    const item = document.createElement('li');
    item.className = 'suggestions-message';
    item.textContent = text;
    list.append(item);
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };

  const render = (hits: EntityRef[]): void => {
    // Grouped by kind in the order of each kind's best hit; the keyboard order follows the display.
    const groups = new Map<EntityKind, EntityRef[]>();
    for (const hit of hits) groups.set(hit.kind, [...(groups.get(hit.kind) ?? []), hit]);
    options = [...groups.values()].flat();
    list.replaceChildren();
    let index = 0;
    for (const [kind, members] of groups) {
      const group = document.createElement('li');
      group.setAttribute('role', 'presentation');
      group.className = 'suggestions-group';
      const heading = document.createElement('div');
      heading.className = `suggestions-heading kind-${kind.toLowerCase()}`;
      heading.textContent = KIND_LABELS[kind];
      heading.setAttribute('role', 'presentation');
      const items = document.createElement('ul');
      items.setAttribute('role', 'group');
      items.setAttribute('aria-label', KIND_LABELS[kind]);
      for (const member of members) {
        const item = document.createElement('li');
        const i = index++;
        item.id = `${listId}-${i}`;
        item.setAttribute('role', 'option');
        item.setAttribute('aria-selected', 'false');
        item.dataset.entityId = member.id;
        item.textContent = member.name;
        item.addEventListener('mousedown', (event) => {
          event.preventDefault(); // keep the focus in the input
          pick(member);
        });
        items.append(item);
      }
      group.append(heading, items);
      list.append(group);
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  };

  const lookUp = async (text: string): Promise<void> => {
    const mine = ++requestNo;
    try {
      const hits = await search(text);
      if (mine !== requestNo) return;
      if (hits.length === 0) message(`No entity matches “${text}”.`);
      else render(hits);
    } catch (error) {
      if (mine !== requestNo) return;
      options = [];
      message(error instanceof ApiError ? error.message : 'Search failed.');
    }
  };

  input.addEventListener('input', () => {
    picked = null;
    window.clearTimeout(timer);
    const text = input.value.trim();
    if (text.length === 0) {
      requestNo++;
      options = [];
      close();
      return;
    }
    message('Searching…');
    options = [];
    timer = window.setTimeout(() => void lookUp(text), 150);
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (options.length === 0) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      highlight((active + step + options.length) % options.length);
    } else if (event.key === 'Enter') {
      const choice = options[active >= 0 ? active : 0];
      if (choice && !list.hidden) {
        event.preventDefault();
        pick(choice);
      }
    } else if (event.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => window.setTimeout(close, 100));

  return {
    input,
    value: () => picked,
    set(entity) {
      picked = entity;
      input.value = entity?.name ?? '';
    },
  };
}
