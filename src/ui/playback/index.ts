// The playback feature's public face for the studio layout (App.tsx). Owned by the playback feature.
export { TransportBar } from './TransportBar.tsx';
