// Who is calling: authenticated once at the HTTP edge, then passed to every domain function.
export interface Actor {
  readonly userId: string;
  readonly userName: string;
  readonly companyId: string;
  readonly companyName?: string;
  readonly role: string;
}
