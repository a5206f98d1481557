// A search box with suggestions as you type (the API's `search` field), best match first whatever
// the kind (each suggestion names its kind: grouping by kind would put a weak hit above a strong
// one), following the ARIA combobox pattern: ArrowDown/ArrowUp move through the suggestions, Enter picks one,
// Escape closes the list.
import { ApiError, EntityRef, search, SearchHit } from './api';
import { kindIcon, KIND_NAMES } from './kinds';

export interface Combobox {
  input: HTMLInputElement;
  /** The entity picked last (cleared when the text is edited). */
  value(): EntityRef | null;
  /** What is typed. */
  text(): string;
  set(entity: EntityRef | null): void;
}

let counter = 0;

/**
 * `onEnter`, when given, lets Enter without a highlighted suggestion fall through to the form (the
 * path finder resolves the typed name itself); otherwise Enter picks the best suggestion.
 */
export function createCombobox(input: HTMLInputElement, onPick: (entity: EntityRef) => void, onEnter = false): Combobox {
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

  let options: SearchHit[] = [];
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

  /** Forgets any search on its way (its answer would reopen the list) and closes the list. */
  const dismiss = (): void => {
    window.clearTimeout(timer);
    requestNo++;
    close();
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

  const render = (hits: SearchHit[]): void => {
    // The API's order (score, best first) is the display and keyboard order.
    options = [...hits].sort((a, b) => b.score - a.score);
    list.replaceChildren();
    options.forEach((hit, i) => {
      const item = document.createElement('li');
      item.id = `${listId}-${i}`;
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', 'false');
      item.dataset.entityId = hit.id;
      item.dataset.score = String(hit.score);
      const name = document.createElement('span');
      name.className = 'option-name';
      name.textContent = hit.name;
      const kind = document.createElement('span');
      kind.className = `option-kind kind-${hit.kind.toLowerCase()}`;
      kind.innerHTML = kindIcon(hit.kind);
      // Drawn by CSS (::after) so the option's text, and its accessible name, is the name alone;
      // the kind is its description.
      kind.dataset.kindLabel = KIND_NAMES[hit.kind];
      kind.setAttribute('aria-hidden', 'true');
      item.setAttribute('aria-description', KIND_NAMES[hit.kind]);
      item.append(name, kind);
      item.addEventListener('mousedown', (event) => {
        event.preventDefault(); // keep the focus in the input
        pick(hit);
      });
      list.append(item);
    });
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
      if (choice && !list.hidden && active >= 0) {
        event.preventDefault();
        pick(choice);
      } else if (choice && !list.hidden && !onEnter) {
        event.preventDefault();
        pick(choice);
      } else if (onEnter) {
        dismiss();
      }
    } else if (event.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => window.setTimeout(dismiss, 100));

  return {
    input,
    value: () => picked,
    text: () => input.value.trim(),
    set(entity) {
      picked = entity;
      input.value = entity?.name ?? '';
    },
  };
}
