// The README's engine example (test/readme-example.test.ts runs it): one episode, stepped by hand.
import { DomainRegistry } from 'sigma-simulator';
import { Episode } from 'sigma-simulator/engine';

// The built-in retail domain (any domain folder works too: loadDomainFolder(dir, builtInToolKits)).
const domain = await new DomainRegistry().get('retail');
const episode = new Episode(domain, domain.tasks.get('test')![0]!);
episode.step({
  name: 'find_user_id_by_name_zip',
  kwargs: { first_name: 'Bruno', last_name: 'Haddad', zip: '99219' },
});
console.log(episode.observations.at(-1)); // bruno_haddad_4608
console.log(episode.score().reward); // 0 until the goal is met
