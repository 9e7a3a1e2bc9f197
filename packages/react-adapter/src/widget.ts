// `AttuneChat`: the <attune-chat> web component for React (placeholder while built).
export {};
