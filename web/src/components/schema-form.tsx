import { useState } from 'react';
import { Button, FieldError, Input, Label, TextField } from 'react-aria-components';
import {
  buildArguments,
  type Draft,
  emptyDraft,
  type FieldPath,
  type JsonSchema,
  setAt,
} from '../lib/schema-draft';

interface FieldProps {
  name: string;
  schema: JsonSchema;
  draft: Draft;
  path: (string | number)[];
  required: boolean;
  errors: Record<FieldPath, string>;
  idPrefix: string;
  onChange: (path: (string | number)[], value: Draft) => void;
}

const keyOf = (path: (string | number)[]) => path.join('.');

function Mark({ required }: { required: boolean }) {
  return required ? (
    <span className="required" title="required">
      {' '}
      *
    </span>
  ) : null;
}

function ScalarField({ name, schema, draft, path, required, errors, idPrefix, onChange }: FieldProps) {
  const error = errors[keyOf(path)];
  const id = `${idPrefix}-${keyOf(path)}`;
  if (schema.type === 'boolean') {
    return (
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            checked={draft === true}
            onChange={(e) => onChange(path, e.target.checked)}
          />{' '}
          {name}
        </label>
        {schema.description && <div className="hint">{schema.description}</div>}
      </div>
    );
  }
  if (schema.enum !== undefined) {
    return (
      <div className="field">
        <label htmlFor={id}>
          {name}
          <Mark required={required} />
        </label>
        <select
          id={id}
          value={typeof draft === 'string' ? draft : ''}
          aria-required={required}
          aria-invalid={error !== undefined}
          aria-describedby={error === undefined ? undefined : `${id}-error`}
          onChange={(e) => onChange(path, e.target.value)}
        >
          <option value="">choose…</option>
          {schema.enum.map((v) => (
            <option key={String(v)} value={String(v)}>
              {String(v)}
            </option>
          ))}
        </select>
        {error && (
          <div className="error" id={`${id}-error`}>
            {error}
          </div>
        )}
        {schema.description && <div className="hint">{schema.description}</div>}
      </div>
    );
  }
  const numeric = schema.type === 'integer' || schema.type === 'number';
  return (
    <TextField
      className="field"
      value={typeof draft === 'string' ? draft : ''}
      onChange={(v) => onChange(path, v)}
      isInvalid={error !== undefined}
      isRequired={required}
      validationBehavior="aria"
    >
      <Label>
        {name}
        <Mark required={required} />
        {numeric && <span className="type"> ({schema.type === 'integer' ? 'whole number' : 'number'})</span>}
      </Label>
      <Input id={id} inputMode={schema.type === 'integer' ? 'numeric' : numeric ? 'decimal' : 'text'} />
      <FieldError className="error">{error}</FieldError>
      {schema.description && <div className="hint">{schema.description}</div>}
    </TextField>
  );
}

function ArrayField(props: FieldProps) {
  const { name, schema, draft, path, required, errors, onChange } = props;
  const items = Array.isArray(draft) ? draft : [];
  const itemSchema = schema.items ?? { type: 'string' };
  const error = errors[keyOf(path)];
  const singular = name.replace(/s$/, '');
  return (
    <fieldset className="array">
      <legend>
        {name}
        <Mark required={required} /> <span className="type">({items.length})</span>
      </legend>
      {schema.description && <div className="hint">{schema.description}</div>}
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: items are positional, like the arguments they build
        <div className="item" key={i}>
          <Field
            {...props}
            name={`${singular} ${i + 1}`}
            schema={itemSchema}
            draft={item}
            path={[...path, i]}
            required
          />
          <Button
            className="small"
            aria-label={`remove ${singular} ${i + 1}`}
            onPress={() =>
              onChange(
                path,
                items.filter((_, j) => j !== i),
              )
            }
          >
            Remove
          </Button>
        </div>
      ))}
      <Button className="small" onPress={() => onChange(path, [...items, emptyDraft(itemSchema)])}>
        Add {singular}
      </Button>
      {error && <div className="error">{error}</div>}
    </fieldset>
  );
}

function ObjectField(props: FieldProps) {
  const { name, schema, draft, path, errors, onChange, idPrefix } = props;
  const record = (typeof draft === 'object' && !Array.isArray(draft) ? draft : {}) as Record<string, Draft>;
  const requiredNames = new Set(schema.required ?? []);
  const body = Object.entries(schema.properties ?? {}).map(([key, sub]) => (
    <Field
      key={key}
      name={key}
      schema={sub}
      draft={record[key] ?? emptyDraft(sub)}
      path={[...path, key]}
      required={requiredNames.has(key)}
      errors={errors}
      idPrefix={idPrefix}
      onChange={onChange}
    />
  ));
  if (path.length === 0) return <>{body}</>;
  return (
    <fieldset className="object">
      <legend>{name}</legend>
      {body}
    </fieldset>
  );
}

function Field(props: FieldProps) {
  if (props.schema.type === 'object') return <ObjectField {...props} />;
  if (props.schema.type === 'array') return <ArrayField {...props} />;
  return <ScalarField {...props} />;
}

export interface SchemaFormProps {
  /** The tool's name: labels the form and prefixes its field ids. */
  name: string;
  schema: JsonSchema;
  submitLabel?: string;
  /** Called with the arguments' JSON text once every field is valid. */
  onSubmit: (json: string) => void;
  busy?: boolean;
}

/** A form generated from a JSON schema; it checks every field before anything is sent. */
export function SchemaForm({ name, schema, submitLabel = 'Call', onSubmit, busy = false }: SchemaFormProps) {
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(schema));
  const [errors, setErrors] = useState<Record<FieldPath, string>>({});
  const [tried, setTried] = useState(false);
  const change = (path: (string | number)[], value: Draft) => {
    const next = setAt(draft, path, value);
    setDraft(next);
    if (tried) setErrors(buildArguments(schema, next).errors);
  };
  return (
    <form
      className="schema-form"
      aria-label={`arguments of ${name}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const built = buildArguments(schema, draft);
        setTried(true);
        setErrors(built.errors);
        if (built.json !== undefined) onSubmit(built.json);
      }}
    >
      <ObjectField
        name={name}
        schema={schema}
        draft={draft}
        path={[]}
        required
        errors={errors}
        idPrefix={`f-${name}`}
        onChange={change}
      />
      {tried && Object.keys(errors).length > 0 && (
        <div className="error" role="alert">
          {Object.keys(errors).length} field{Object.keys(errors).length === 1 ? '' : 's'} to fix before
          calling {name}
        </div>
      )}
      <Button type="submit" className="primary" isDisabled={busy}>
        {submitLabel}
      </Button>
    </form>
  );
}
