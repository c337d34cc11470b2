import { useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';

/** The strategies whose replies come from a model, so they can be written again. */
const MODEL_STRATEGIES = ['llm', 'react', 'verify', 'reflection'];

/**
 * "Ask again": has the customer write its last reply again, with an optional note for that reply
 * ("be less cooperative", "you forgot the order id"). Shown for a model customer only; a scripted
 * customer would give the same reply, which the form says.
 */
export function RegenerateForm({
  strategy,
  canRegenerate,
  busy,
  onRegenerate,
}: {
  strategy: string;
  /** The conversation ends with the customer's reply to an agent message. */
  canRegenerate: boolean;
  busy: boolean;
  onRegenerate: (note: string) => void;
}) {
  const [note, setNote] = useState('');
  if (!MODEL_STRATEGIES.includes(strategy)) {
    return (
      <p className="muted regenerate-note">
        The {strategy} customer's replies cannot be written again: only a model customer (
        {MODEL_STRATEGIES.join(', ')}) can answer again.
      </p>
    );
  }
  return (
    <form
      className="regenerate"
      aria-label="ask the customer again"
      onSubmit={(e) => {
        e.preventDefault();
        if (canRegenerate && !busy) onRegenerate(note);
      }}
    >
      <TextField className="field grow" value={note} onChange={setNote} maxLength={2000}>
        <Label>Note for the customer's new reply (optional)</Label>
        <Input placeholder="e.g. be less cooperative" />
      </TextField>
      <Button type="submit" className="secondary" isDisabled={!canRegenerate || busy}>
        Regenerate reply
      </Button>
    </form>
  );
}
