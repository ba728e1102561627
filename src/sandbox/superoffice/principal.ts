import type { AssociateRecord } from "./data.js";

/**
 * SoPrincipalCarrier as `GET User/currentPrincipal` answers it (v1User_GetCurrentPrincipal):
 * the signed-in user, from the session alone. The sandbox fills what it knows of the associate;
 * licences and rights are empty, the numbers it does not model 0.
 */
export function principalCarrier(associate: AssociateRecord, tenant: string): Record<string, unknown> {
  const system = associate.type === "SystemAssociate";
  return {
    UserType: associate.type,
    Associate: associate.userName,
    AssociateId: associate.id,
    IsPerson: !system,
    PersonId: associate.personId,
    CountryId: 0,
    HomeCountryId: 0,
    ContactId: 0,
    GroupId: 0,
    BusinessId: 0,
    CategoryId: 0,
    ContactOwner: 0,
    RoleId: 0,
    RoleName: "",
    RoleDescription: "",
    RoleType: system ? "SystemUser" : "User",
    Licenses: [],
    FullName: associate.fullName,
    EMailAddress: "",
    FunctionRights: [],
    EjUserId: 0,
    EjAccessLevel: 0,
    EjUserStatus: "Normal",
    ProvidedCredentials: [],
    SecondaryGroups: [],
    DatabaseContextIdentifier: tenant,
    UserName: associate.userName,
  };
}
