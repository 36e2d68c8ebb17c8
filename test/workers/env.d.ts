declare module "cloudflare:test" {
  interface ProvidedEnv {
    [binding: string]: unknown;
  }
}
