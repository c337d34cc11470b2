import { compareCodePoints, dictSet, type PyDict, pyDumps } from '../../../core/python/index.ts';
import { lookup, type ToolDefinition } from '../../../core/tools/tool.ts';

export const listAllProductTypesTool: ToolDefinition = {
  name: 'list_all_product_types',
  description: 'List every product type of the store by name, with its product id, sorted by name.',
  parameters: { type: 'object', properties: {}, required: [] },
  access: 'read',
  invoke(db) {
    // Name -> product id; a repeated name keeps the last product id, as a Python dict would.
    const byName = new Map<string, string>();
    for (const id of db.ids('products')) {
      const product = db.get('products', id)!;
      byName.set(lookup<string>(product, 'name'), lookup<string>(product, 'product_id'));
    }
    const listing: PyDict = {};
    for (const name of [...byName.keys()].sort(compareCodePoints)) dictSet(listing, name, byName.get(name)!);
    return pyDumps(listing);
  },
};
