// The widget's styles, inside its shadow root: the host page's CSS cannot reach them.
export const STYLE = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.launcher { position: fixed; right: 20px; bottom: 20px; width: 56px; height: 56px; border-radius: 50%;
  border: none; background: var(--c); color: #fff; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25);
  z-index: 2147483000; font-size: 26px; line-height: 56px; }
.launcher:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.panel { position: fixed; right: 20px; bottom: 88px; width: min(370px, calc(100vw - 24px)); height: min(560px, calc(100vh - 110px));
  background: #fff; color: #1d1d1f; border-radius: 14px; box-shadow: 0 10px 40px rgba(0,0,0,.3); display: flex;
  flex-direction: column; overflow: hidden; z-index: 2147483000; font-size: 14px; }
/* Rules that set display (the composer's flex) must not bring a hidden part back. */
[hidden] { display: none !important; }
header { background: var(--c); color: #fff; padding: 14px 16px; display: flex; align-items: center; justify-content: space-between; }
header h2 { margin: 0; font-size: 16px; font-weight: 600; }
header button { background: transparent; border: none; color: #fff; font-size: 22px; cursor: pointer; }
.body { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f5f6f8; }
form.prechat { display: flex; flex-direction: column; gap: 10px; padding: 4px; }
label { display: flex; flex-direction: column; gap: 4px; font-weight: 500; }
input, textarea { font: inherit; padding: 8px 10px; border: 1px solid #b9bec7; border-radius: 8px; color: #1d1d1f; background: #fff; }
.error { color: #b00020; font-size: 12px; font-weight: 400; }
.primary { background: var(--c); color: #fff; border: none; border-radius: 8px; padding: 10px; font: inherit; font-weight: 600; cursor: pointer; }
.msg { max-width: 80%; padding: 8px 11px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; }
.msg.inbound { align-self: flex-end; background: var(--c); color: #fff; border-bottom-right-radius: 4px; }
.msg.outbound { align-self: flex-start; background: #fff; border: 1px solid #dde1e6; border-bottom-left-radius: 4px; }
.msg .who { display: block; font-size: 11px; opacity: .75; margin-bottom: 2px; }
.msg img { max-width: 100%; border-radius: 8px; display: block; }
.msg a { color: inherit; }
.note { align-self: center; font-size: 12px; color: #555b66; }
.seen { align-self: flex-end; font-size: 11px; color: #555b66; }
.composer { display: flex; gap: 6px; padding: 8px; border-top: 1px solid #dde1e6; align-items: flex-end; }
.composer textarea { flex: 1; resize: none; height: 40px; }
.composer button { border: none; border-radius: 8px; padding: 9px 11px; cursor: pointer; font: inherit; }
.composer .attach { background: #e8eaee; color: #1d1d1f; }
.composer .send { background: var(--c); color: #fff; font-weight: 600; }
.status { font-size: 12px; color: #555b66; padding: 0 12px 4px; min-height: 16px; }
`;
