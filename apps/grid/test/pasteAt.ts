import { act, fireEvent } from '@testing-library/react';

/** Focuses a grid cell as a click does and returns a paste of text there, as the browser delivers it. */
export function pasteAt(cell: HTMLElement): (text: string) => void {
  fireEvent.mouseDown(cell);
  fireEvent.click(cell);
  cell.focus();
  return (text) => {
    const event = new Event('paste', { bubbles: true, cancelable: true }) as Event & { clipboardData: unknown };
    event.clipboardData = { getData: (type: string) => (type === 'text/plain' ? text : '') };
    act(() => {
      cell.dispatchEvent(event);
    });
  };
}
