// Polaris inputs bound to a Conform field. Polaris inputs are controlled and post nothing by
// themselves here: Conform's input control keeps the field's value in a hidden element of the
// form, so what is posted, what the schema validates in the browser and what the server parses
// are the same strings. A checkbox's field holds "on" when ticked and "" when not, which
// formBoolean reads as true and false (a disabled checkbox still posts its value).
import { useInputControl, type FieldMetadata } from "@conform-to/react";
import {
  Checkbox,
  ChoiceList,
  Select,
  TextField,
  type CheckboxProps,
  type ChoiceListProps,
  type SelectProps,
  type TextFieldProps,
} from "@shopify/polaris";
import { CHECKED } from "../../lib/forms";

/** A field of a form posted as strings (FormStrings). */
type Field = FieldMetadata<string>;

/** The first problem of a field, for Polaris' `error` prop. */
export const fieldError = (field: Pick<Field, "errors">): string | undefined => field.errors?.[0];

function useStringControl(field: Field) {
  const control = useInputControl({ key: field.key, name: field.name, formId: field.formId, initialValue: field.initialValue });
  return {
    value: typeof control.value === "string" ? control.value : "",
    change: control.change,
    blur: control.blur,
    focus: control.focus,
  };
}

/** What a text-like Polaris input (TextField, Select) takes from its field. */
function useTextInputProps(field: Field) {
  const control = useStringControl(field);
  return {
    id: field.id,
    value: control.value,
    onChange: control.change,
    onBlur: control.blur,
    onFocus: control.focus,
    error: fieldError(field),
  };
}

/** `error`: a problem found outside the form (a live preview), shown while the field has none of its own. */
export function FormTextField({
  field,
  error,
  ...props
}: { field: Field; error?: string } & Omit<TextFieldProps, "value" | "onChange" | "onBlur" | "onFocus" | "error" | "name">) {
  const input = useTextInputProps(field);
  return <TextField {...props} {...input} error={input.error ?? error} />;
}

export function FormCheckbox({
  field,
  ...props
}: { field: Field } & Omit<CheckboxProps, "checked" | "onChange" | "onBlur" | "onFocus" | "error" | "name" | "value">) {
  const control = useStringControl(field);
  return (
    <Checkbox
      {...props}
      id={field.id}
      checked={control.value === CHECKED}
      onChange={(checked) => control.change(checked ? CHECKED : "")}
      onBlur={control.blur}
      error={fieldError(field)}
    />
  );
}

export function FormSelect({
  field,
  ...props
}: { field: Field } & Omit<SelectProps, "value" | "onChange" | "onBlur" | "onFocus" | "error" | "name">) {
  return <Select {...props} {...useTextInputProps(field)} />;
}

/** A single choice from radio buttons. */
export function FormChoiceList({
  field,
  ...props
}: { field: Field } & Omit<ChoiceListProps, "selected" | "onChange" | "error" | "name" | "allowMultiple">) {
  const control = useStringControl(field);
  return <ChoiceList {...props} selected={[control.value]} onChange={([value]) => control.change(value ?? "")} error={fieldError(field)} />;
}
