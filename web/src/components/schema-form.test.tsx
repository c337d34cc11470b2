// The forms generated from every built-in tool's JSON schema (retail, airline, tau2 retail): each
// field is there with its required mark, enums are choices, numbers and integers are checked, arrays
// (of strings and of objects) are filled item by item, and nothing is sent until every field is valid.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JsonSchema } from '../lib/schema-draft';
import kits from './fixtures/tool-schemas.json';
import { SchemaForm } from './schema-form';

afterEach(cleanup);

interface Tool {
  name: string;
  parameters: JsonSchema;
}
const tools: { kit: string; tool: Tool }[] = kits.flatMap((k) =>
  k.tools.map((tool) => ({ kit: k.kit, tool: tool as unknown as Tool })),
);

/** A valid value for a schema, and what the person types to give it. */
function sample(schema: JsonSchema): unknown {
  if (schema.enum !== undefined) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
      return 2;
    case 'number':
      return 12.5;
    case 'boolean':
      return true;
    case 'array':
      return [sample(schema.items ?? { type: 'string' })];
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, sample(s)]));
    default:
      return 'x-1';
  }
}

/** Fills a form's fields (inside `scope`) with `value`, adding array items as a person does. */
function fill(scope: HTMLElement, schema: JsonSchema, value: unknown, name: string): void {
  if (schema.type === 'object' && name === '') {
    for (const [key, sub] of Object.entries(schema.properties ?? {}))
      fill(scope, sub, (value as Record<string, unknown>)[key], key);
    return;
  }
  if (schema.type === 'object') {
    for (const [key, sub] of Object.entries(schema.properties ?? {}))
      fill(scope, sub, (value as Record<string, unknown>)[key], key);
    return;
  }
  if (schema.type === 'array') {
    const singular = name.replace(/s$/, '');
    const group = within(scope).getByRole('group', { name: new RegExp(`^${name}\\b`) });
    (value as unknown[]).forEach((item, i) => {
      fireEvent.click(within(group).getByRole('button', { name: `Add ${singular}` }));
      const itemSchema = schema.items ?? { type: 'string' };
      if (itemSchema.type === 'object') {
        fill(within(group).getByRole('group', { name: `${singular} ${i + 1}` }), itemSchema, item, '');
      } else {
        fill(group, itemSchema, item, `${singular} ${i + 1}`);
      }
    });
    return;
  }
  if (schema.type === 'boolean') {
    const box = within(scope).getByRole('checkbox', { name: new RegExp(`^${name}\\b`) });
    if (value === true) fireEvent.click(box);
    return;
  }
  const role = schema.enum !== undefined ? 'combobox' : 'textbox';
  const field = within(scope).getByRole(role, { name: new RegExp(`^${name}( |$)`) });
  fireEvent.change(field, { target: { value: String(value) } });
}

function submit(name: string) {
  fireEvent.submit(screen.getByRole('form', { name: `arguments of ${name}` }));
}

describe('forms generated from every built-in tool schema', () => {
  it.each(tools.map((t) => [`${t.kit}: ${t.tool.name}`, t.tool] as const))(
    '%s: fields, required marks and a filled form sending its arguments',
    (_label, tool) => {
      const onSubmit = vi.fn();
      render(<SchemaForm name={tool.name} schema={tool.parameters} onSubmit={onSubmit} />);
      const form = screen.getByRole('form', { name: `arguments of ${tool.name}` });
      const required = new Set(tool.parameters.required ?? []);
      for (const [key, sub] of Object.entries(tool.parameters.properties ?? {})) {
        if (sub.type === 'array' || sub.type === 'object') {
          const group = within(form).getByRole('group', { name: new RegExp(`^${key}\\b`) });
          expect(group.textContent?.includes('*')).toBe(required.has(key));
        } else if (sub.enum !== undefined) {
          const select = within(form).getByRole('combobox', { name: new RegExp(`^${key}( |$)`) });
          expect(
            within(select)
              .getAllByRole('option')
              .map((o) => o.textContent),
          ).toEqual(['choose…', ...sub.enum.map(String)]);
          expect(select.getAttribute('aria-required')).toBe(String(required.has(key)));
        } else if (sub.type !== 'boolean') {
          const input = within(form).getByRole('textbox', { name: new RegExp(`^${key}( |$)`) });
          expect(input.getAttribute('aria-required') === 'true' || input.hasAttribute('required')).toBe(
            required.has(key),
          );
          if (sub.type === 'integer') expect(input.getAttribute('inputmode')).toBe('numeric');
          if (sub.type === 'number') expect(input.getAttribute('inputmode')).toBe('decimal');
        }
      }
      // Empty: nothing is sent while a required field is missing.
      submit(tool.name);
      if (required.size > 0) {
        expect(onSubmit).not.toHaveBeenCalled();
        expect(within(form).getByRole('alert').textContent).toMatch(/to fix before calling/);
      } else {
        expect(onSubmit).toHaveBeenCalledWith('{}');
        onSubmit.mockClear();
      }
      const value = sample(tool.parameters);
      fill(form, tool.parameters, value, '');
      submit(tool.name);
      expect(onSubmit).toHaveBeenCalledTimes(1);
      expect(JSON.parse(onSubmit.mock.calls[0]![0] as string)).toEqual(value);
    },
  );
});

const book = tools.find((t) => t.tool.name === 'book_reservation' && t.kit === 'airline')!.tool;

describe('the airline booking form', () => {
  it('adds passengers and payment methods item by item, removes one, and keeps numbers as typed', () => {
    const onSubmit = vi.fn();
    render(<SchemaForm name="book_reservation" schema={book.parameters} onSubmit={onSubmit} />);
    const form = screen.getByRole('form', { name: 'arguments of book_reservation' });
    const value = sample(book.parameters) as Record<string, unknown>;
    value.passengers = [
      { first_name: 'A', last_name: 'B', dob: '1990-01-01' },
      { first_name: 'C', last_name: 'D', dob: '1991-01-01' },
      { first_name: 'E', last_name: 'F', dob: '1992-01-01' },
    ];
    fill(form, book.parameters, value, '');
    const passengers = within(form).getByRole('group', { name: /^passengers\b/ });
    fireEvent.click(within(passengers).getByRole('button', { name: 'remove passenger 2' }));
    const payments = within(form).getByRole('group', { name: /^payment_methods\b/ });
    fireEvent.change(within(payments).getByRole('textbox', { name: /^amount/ }), {
      target: { value: '100.0' },
    });
    submit('book_reservation');
    const text = onSubmit.mock.calls[0]![0] as string;
    expect(text).toContain('"amount": 100.0');
    const sent = JSON.parse(text);
    expect(sent.passengers.map((p: { first_name: string }) => p.first_name)).toEqual(['A', 'E']);
  });

  it('shows an error beside a bad integer or number, and sends nothing', () => {
    const onSubmit = vi.fn();
    render(<SchemaForm name="book_reservation" schema={book.parameters} onSubmit={onSubmit} />);
    const form = screen.getByRole('form', { name: 'arguments of book_reservation' });
    fill(form, book.parameters, sample(book.parameters), '');
    fireEvent.change(within(form).getByRole('textbox', { name: /^total_baggages/ }), {
      target: { value: '1.5' },
    });
    const payments = within(form).getByRole('group', { name: /^payment_methods\b/ });
    fireEvent.change(within(payments).getByRole('textbox', { name: /^amount/ }), {
      target: { value: 'ten' },
    });
    submit('book_reservation');
    expect(onSubmit).not.toHaveBeenCalled();
    expect(form.textContent).toContain('a whole number, such as 2');
    expect(form.textContent).toContain('a number, such as 12.5');
    expect(within(form).getByRole('alert').textContent).toContain('2 fields to fix');
  });

  it('requires at least one item in a required array', () => {
    const onSubmit = vi.fn();
    render(<SchemaForm name="book_reservation" schema={book.parameters} onSubmit={onSubmit} />);
    const form = screen.getByRole('form', { name: 'arguments of book_reservation' });
    const value = sample(book.parameters) as Record<string, unknown>;
    value.passengers = [];
    fill(form, book.parameters, value, '');
    submit('book_reservation');
    expect(onSubmit).not.toHaveBeenCalled();
    expect(
      within(within(form).getByRole('group', { name: /^passengers\b/ })).getByText('add at least one item'),
    ).toBeTruthy();
  });
});
