import { render } from 'preact';

// The agent workspace (issue 12) grows from here.
function App() {
  return (
    <main>
      <h1>Switchboard</h1>
    </main>
  );
}

render(<App />, document.getElementById('root')!);
