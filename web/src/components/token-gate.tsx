import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Button, FieldError, Input, Label, TextField } from 'react-aria-components';
import { ApiError, api, unwrap } from '../api/client';
import { forgetToken, readToken, saveToken } from '../api/token';

/**
 * On a server with an API token the page asks for it first, keeps it for this tab only
 * (sessionStorage), and asks again when the server refuses it.
 */
export function TokenGate({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const probe = useQuery({
    queryKey: ['envs'],
    queryFn: async () => unwrap(await api.GET('/environments')),
    retry: (count, error) => !(error instanceof ApiError && error.status === 401) && count < 3,
  });
  const [token, setToken] = useState('');
  const [tried, setTried] = useState(readToken() !== undefined);
  if (!(probe.error instanceof ApiError && probe.error.status === 401)) return <>{children}</>;
  return (
    <main className="gate">
      <h1>Sigma</h1>
      <form
        className="panel"
        onSubmit={async (e) => {
          e.preventDefault();
          saveToken(token.trim());
          setTried(true);
          await client.resetQueries();
        }}
      >
        <p>This server needs its API token (SIGMA_API_TOKEN). It is kept for this tab only.</p>
        <TextField
          className="field"
          type="password"
          value={token}
          onChange={setToken}
          isInvalid={tried && readToken() !== undefined}
          isRequired
          validationBehavior="aria"
        >
          <Label>API token</Label>
          <Input autoComplete="off" />
          <FieldError className="error">The server refused this token: check it and try again.</FieldError>
        </TextField>
        <Button type="submit" className="primary" isDisabled={token.trim() === ''}>
          Continue
        </Button>
        {readToken() !== undefined && (
          <Button className="ghost" onPress={() => forgetToken()}>
            Forget the token
          </Button>
        )}
      </form>
    </main>
  );
}
