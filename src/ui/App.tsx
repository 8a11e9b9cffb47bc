export function App() {
  return <main className="studio"><h1>Undertone</h1></main>;
}
