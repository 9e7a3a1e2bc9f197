import { defineConfig } from 'vite';

// ATTUNE_ENTRY=only-hooks|only-widget|only-react builds one measurement entry alone.
const entry = process.env.ATTUNE_ENTRY;

export default defineConfig({
  build: entry === undefined ? {} : { outDir: `dist-${entry}`, rolldownOptions: { input: `src/${entry}.tsx` } },
});
