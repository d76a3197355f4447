// The handlers are addressed by path (see stacks/ and packages/local); nothing is exported from the root.
export {};
