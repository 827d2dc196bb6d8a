/**
 * Issue 21, item 10: `JupyterHub` renames the props in its parts' errors (`singleUser.image` becomes
 * `hub.singleUser.image`) in the message and the stack. A message holding `$'`, `$&` or `` $` ``
 * (the value the user typed is quoted in it) was pasted into the stack as a replacement pattern,
 * so the stack showed pieces of itself instead of the message.
 */
import { App, Chart } from 'cdk8s';
import { Authenticator, JupyterHub } from '../../lib';

function errorOf(build: () => unknown): Error {
  try {
    build();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe("JupyterHub's renamed errors", () => {
  test.each(["bad$'image", 'bad$&image', 'bad$`image', 'bad$$image'])(
    'a value holding %s: the stack starts with the message, as written',
    (image) => {
      const e = errorOf(
        () =>
          new JupyterHub(new Chart(new App(), 'c'), 'hub', {
            hub: { authenticator: Authenticator.dummy({ adminUsers: ['admin'] }), singleUser: { image } },
          }),
      );
      expect(e.message).toMatch(/^Invalid 'hub\.singleUser\.image' /);
      expect(e.message).toContain(image);
      expect(e.stack!.startsWith(`Error: ${e.message}\n    at `)).toBe(true);
      expect(e.stack!.split(e.message)).toHaveLength(2);
    },
  );
});
