/**
 * After a refused submit, moves focus to the first visible invalid field, so keyboard and
 * screen-reader users land on what to fix (its error is linked with aria-describedby).
 */
export function focusFirstInvalid(root: ParentNode = document): void {
  requestAnimationFrame(() => {
    const fields = Array.from(root.querySelectorAll<HTMLElement>('[aria-invalid="true"]'));
    fields.find((el) => el.offsetParent !== null)?.focus();
  });
}
