import { useMemo, useState } from 'react';
import { Button, Input, Label, SearchField, Switch, TextArea, TextField } from 'react-aria-components';
import type { Tool } from '../api/client';
import { checkRawArguments, type JsonSchema } from '../lib/schema-draft';
import { SchemaForm } from './schema-form';

/** The domain's tools: pick one, fill its form (or raw JSON), call it. */
export function ToolPalette({
  tools,
  onCall,
  busy,
  disabled,
  autoFocus = false,
}: {
  tools: readonly Tool[];
  onCall: (name: string, json: string) => void;
  busy: boolean;
  disabled: boolean;
  autoFocus?: boolean;
}) {
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<string | undefined>();
  const [raw, setRaw] = useState(false);
  const [rawText, setRawText] = useState('{}');
  const [rawError, setRawError] = useState<string | undefined>();
  const visible = useMemo(
    () => tools.filter((t) => t.name.includes(filter.trim().toLowerCase().replace(/\s+/g, '_'))),
    [tools, filter],
  );
  const tool = tools.find((t) => t.name === chosen);
  return (
    <div className="palette">
      <SearchField className="field" value={filter} onChange={setFilter} autoFocus={autoFocus}>
        <Label>Find a tool</Label>
        <Input id="tool-filter" placeholder="e.g. order" />
      </SearchField>
      <ul className="tool-list" aria-label="tools">
        {visible.map((t) => (
          <li key={t.name}>
            <Button
              className={t.name === chosen ? 'tool selected' : 'tool'}
              aria-pressed={t.name === chosen}
              onPress={() => {
                setChosen(t.name);
                setRawError(undefined);
              }}
            >
              {t.name}
            </Button>
          </li>
        ))}
      </ul>
      {tool && (
        <section aria-label={`tool ${tool.name}`} className="tool-form">
          <h3>{tool.name}</h3>
          <p className="hint">{tool.description}</p>
          <Switch isSelected={raw} onChange={setRaw} className="switch">
            <div className="indicator" /> Raw JSON
          </Switch>
          {raw ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                const checked = checkRawArguments(rawText);
                setRawError(checked.error);
                if (checked.json !== undefined) onCall(tool.name, checked.json);
              }}
            >
              <TextField
                className="field"
                value={rawText}
                onChange={setRawText}
                isInvalid={rawError !== undefined}
              >
                <Label>Arguments (JSON)</Label>
                <TextArea rows={6} className="mono" />
              </TextField>
              {rawError && (
                <div className="error" role="alert">
                  {rawError}
                </div>
              )}
              <Button type="submit" className="primary" isDisabled={busy || disabled}>
                Call {tool.name}
              </Button>
            </form>
          ) : (
            <SchemaForm
              key={tool.name}
              name={tool.name}
              schema={tool.parameters as JsonSchema}
              submitLabel={`Call ${tool.name}`}
              busy={busy || disabled}
              onSubmit={(json) => onCall(tool.name, json)}
            />
          )}
        </section>
      )}
    </div>
  );
}
