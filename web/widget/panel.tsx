import { render } from 'preact';

// The visitor's chat panel (issue 13) grows from here; it runs inside the widget's frame.
function Panel() {
  return <main>Chat</main>;
}

render(<Panel />, document.getElementById('root')!);
