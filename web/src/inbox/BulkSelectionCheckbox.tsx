import { Checkbox } from 'react-aria-components';

/** The selection checkbox of the inbox table (row, or "all on this page" in the header). */
export function BulkSelectionCheckbox({ label }: { label?: string }) {
  return (
    <Checkbox slot="selection" className="bulk-check" aria-label={label}>
      {({ isSelected, isIndeterminate }) => (
        <span className="bulk-check__box" aria-hidden="true">
          {isIndeterminate ? '–' : isSelected ? '✓' : ''}
        </span>
      )}
    </Checkbox>
  );
}
