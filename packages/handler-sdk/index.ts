// Package entry for asc's resolver (`import ... from "@extsys/handler-sdk"` looks for index.ts).
export * from './assembly/index';
