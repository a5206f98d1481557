declare module 'franc-min' {
  /** The ISO 639-3 code of the text's most likely language, or 'und' when the text is too short to tell. */
  function franc(text: string, options?: { minLength?: number; whitelist?: string[]; blacklist?: string[] }): string;
  export = franc;
}
