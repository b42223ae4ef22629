/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type ShopInfoQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShopInfoQuery = { shop: { id: string, name: string, email: string, myshopifyDomain: string, currencyCode: AdminTypes.CurrencyCode, ianaTimezone: string, primaryDomain: { url: string } }, shopLocales: Array<{ locale: string, primary: boolean }> };

export type ShipsToCountriesQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShipsToCountriesQuery = { shop: { shipsToCountries: Array<AdminTypes.CountryCode> } };

export type SetMetafieldsMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldsSetInput> | AdminTypes.MetafieldsSetInput;
}>;


export type SetMetafieldsMutation = { metafieldsSet?: { metafields?: Array<{ id: string }> | null, userErrors: Array<{ field?: Array<string> | null, message: string, code?: AdminTypes.MetafieldsSetUserErrorCode | null }> } | null };

export type DeleteMetafieldsMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldIdentifierInput> | AdminTypes.MetafieldIdentifierInput;
}>;


export type DeleteMetafieldsMutation = { metafieldsDelete?: { deletedMetafields?: Array<{ key: string, namespace: string, ownerId: string } | null> | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } | null };

export type EnableStandardMetaobjectDefinitionMutationVariables = AdminTypes.Exact<{
  type: AdminTypes.Scalars['String']['input'];
}>;


export type EnableStandardMetaobjectDefinitionMutation = { standardMetaobjectDefinitionEnable?: { metaobjectDefinition?: { id: string, type: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code?: AdminTypes.MetaobjectUserErrorCode | null }> } | null };

export type UpsertMetaobjectMutationVariables = AdminTypes.Exact<{
  handle: AdminTypes.MetaobjectHandleInput;
  metaobject: AdminTypes.MetaobjectUpsertInput;
}>;


export type UpsertMetaobjectMutation = { metaobjectUpsert?: { metaobject?: { id: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code?: AdminTypes.MetaobjectUserErrorCode | null }> } | null };

export type MetaobjectIdByHandleQueryVariables = AdminTypes.Exact<{
  handle: AdminTypes.MetaobjectHandleInput;
}>;


export type MetaobjectIdByHandleQuery = { metaobjectByHandle?: { id: string } | null };

export type DeleteMetaobjectMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type DeleteMetaobjectMutation = { metaobjectDelete?: { deletedId?: string | null, userErrors: Array<{ field?: Array<string> | null, message: string, code?: AdminTypes.MetaobjectUserErrorCode | null }> } | null };

export type ProductIdByHandleQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type ProductIdByHandleQuery = { products: { nodes: Array<{ id: string, handle: string }> } };

export type ProductExistsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ProductExistsQuery = { product?: { id: string } | null };

export type ProductImagesQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type ProductImagesQuery = { nodes: Array<{ id: string, featuredMedia?: { preview?: { image?: { url: string } | null } | null } | null } | null> };

export type StageImageMutationVariables = AdminTypes.Exact<{
  input: Array<AdminTypes.StagedUploadInput> | AdminTypes.StagedUploadInput;
}>;


export type StageImageMutation = { stagedUploadsCreate?: { stagedTargets?: Array<{ url?: string | null, resourceUrl?: string | null, parameters: Array<{ name: string, value: string }> }> | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } | null };

export type CreateImageFileMutationVariables = AdminTypes.Exact<{
  files: Array<AdminTypes.FileCreateInput> | AdminTypes.FileCreateInput;
}>;


export type CreateImageFileMutation = { fileCreate?: { files?: Array<{ id: string }> | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } | null };

export type ImageFileQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ImageFileQuery = { node?: { fileStatus: AdminTypes.FileStatus, image?: { url: string } | null } | null };

export type CreateFreeShippingCodeMutationVariables = AdminTypes.Exact<{
  discount: AdminTypes.DiscountCodeFreeShippingInput;
}>;


export type CreateFreeShippingCodeMutation = { discountCodeFreeShippingCreate?: { codeDiscountNode?: { id: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code?: AdminTypes.DiscountErrorCode | null }> } | null };

export type CreateBasicCodeMutationVariables = AdminTypes.Exact<{
  discount: AdminTypes.DiscountCodeBasicInput;
}>;


export type CreateBasicCodeMutation = { discountCodeBasicCreate?: { codeDiscountNode?: { id: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code?: AdminTypes.DiscountErrorCode | null }> } | null };

export type DiscountByCodeQueryVariables = AdminTypes.Exact<{
  code: AdminTypes.Scalars['String']['input'];
}>;


export type DiscountByCodeQuery = { codeDiscountNodeByCode?: { id: string } | null };

export type CreditStoreCreditMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  credit: AdminTypes.StoreCreditAccountCreditInput;
}>;


export type CreditStoreCreditMutation = { storeCreditAccountCredit?: { storeCreditAccountTransaction?: { id: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code?: AdminTypes.StoreCreditAccountCreditUserErrorCode | null }> } | null };

export type StoreCreditsSinceQueryVariables = AdminTypes.Exact<{
  customerId: AdminTypes.Scalars['ID']['input'];
  account: AdminTypes.Scalars['String']['input'];
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type StoreCreditsSinceQuery = { customer?: { storeCreditAccounts: { nodes: Array<{ transactions: { nodes: Array<{ id: string, expiresAt?: string | null, createdAt: string, event: AdminTypes.StoreCreditSystemEvent, amount: { amount: string, currencyCode: AdminTypes.CurrencyCode } } | { createdAt: string, event: AdminTypes.StoreCreditSystemEvent, amount: { amount: string, currencyCode: AdminTypes.CurrencyCode } }>, pageInfo: { hasNextPage: boolean, endCursor?: string | null } } }> } } | null };

export type AutomaticFreeShippingQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type AutomaticFreeShippingQuery = { discountNode?: { discount: { __typename: 'DiscountAutomaticApp' | 'DiscountAutomaticBasic' | 'DiscountAutomaticBxgy' | 'DiscountCodeApp' | 'DiscountCodeBasic' | 'DiscountCodeBxgy' | 'DiscountCodeFreeShipping' } | (
      { title: string, status: AdminTypes.DiscountStatus, minimumRequirement?: { __typename: 'DiscountMinimumQuantity' } | (
        { greaterThanOrEqualToSubtotal: { amount: string } }
        & { __typename: 'DiscountMinimumSubtotal' }
      ) | null, destinationSelection: (
        { countries: Array<AdminTypes.CountryCode> }
        & { __typename: 'DiscountCountries' }
      ) | { __typename: 'DiscountCountryAll' } }
      & { __typename: 'DiscountAutomaticFreeShipping' }
    ) } | null };

export type AutomaticFreeShippingFieldsFragment = { title: string, status: AdminTypes.DiscountStatus, minimumRequirement?: { __typename: 'DiscountMinimumQuantity' } | (
    { greaterThanOrEqualToSubtotal: { amount: string } }
    & { __typename: 'DiscountMinimumSubtotal' }
  ) | null, destinationSelection: (
    { countries: Array<AdminTypes.CountryCode> }
    & { __typename: 'DiscountCountries' }
  ) | { __typename: 'DiscountCountryAll' } };

export type CreateAutomaticFreeShippingMutationVariables = AdminTypes.Exact<{
  discount: AdminTypes.DiscountAutomaticFreeShippingInput;
}>;


export type CreateAutomaticFreeShippingMutation = { discountAutomaticFreeShippingCreate?: { automaticDiscountNode?: { id: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code?: AdminTypes.DiscountErrorCode | null }> } | null };

export type UpdateAutomaticFreeShippingMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  discount: AdminTypes.DiscountAutomaticFreeShippingInput;
}>;


export type UpdateAutomaticFreeShippingMutation = { discountAutomaticFreeShippingUpdate?: { automaticDiscountNode?: { id: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code?: AdminTypes.DiscountErrorCode | null }> } | null };

export type DeleteAutomaticDiscountMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type DeleteAutomaticDiscountMutation = { discountAutomaticDelete?: { deletedAutomaticDiscountId?: string | null, userErrors: Array<{ field?: Array<string> | null, message: string, code?: AdminTypes.DiscountErrorCode | null }> } | null };

export type TriggerFlowMutationVariables = AdminTypes.Exact<{
  handle: AdminTypes.Scalars['String']['input'];
  payload: AdminTypes.Scalars['JSON']['input'];
}>;


export type TriggerFlowMutation = { flowTriggerReceive?: { userErrors: Array<{ field?: Array<string> | null, message: string }> } | null };

export type MainThemeFilesQueryVariables = AdminTypes.Exact<{
  filenames: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
}>;


export type MainThemeFilesQuery = { themes?: { nodes: Array<{ name: string, files?: { nodes: Array<{ filename: string, body: { __typename: 'OnlineStoreThemeFileBodyBase64' | 'OnlineStoreThemeFileBodyUrl' } | (
            { content: string }
            & { __typename: 'OnlineStoreThemeFileBodyText' }
          ) }> } | null }> } | null };

interface GeneratedQueryTypes {
  "#graphql\n    query ShopInfo {\n      shop { id name email myshopifyDomain currencyCode ianaTimezone primaryDomain { url } }\n      shopLocales { locale primary }\n    }": {return: ShopInfoQuery, variables: ShopInfoQueryVariables},
  "#graphql\n    query ShipsToCountries { shop { shipsToCountries } }": {return: ShipsToCountriesQuery, variables: ShipsToCountriesQueryVariables},
  "#graphql\n    query MetaobjectIdByHandle($handle: MetaobjectHandleInput!) {\n      metaobjectByHandle(handle: $handle) { id }\n    }": {return: MetaobjectIdByHandleQuery, variables: MetaobjectIdByHandleQueryVariables},
  "#graphql\n    query ProductIdByHandle($query: String!) {\n      products(first: 5, query: $query) {\n        nodes { id handle }\n      }\n    }": {return: ProductIdByHandleQuery, variables: ProductIdByHandleQueryVariables},
  "#graphql\n    query ProductExists($id: ID!) {\n      product(id: $id) { id }\n    }": {return: ProductExistsQuery, variables: ProductExistsQueryVariables},
  "#graphql\n    query ProductImages($ids: [ID!]!) {\n      nodes(ids: $ids) {\n        ... on Product {\n          id\n          featuredMedia {\n            preview {\n              image { url(transform: { maxWidth: 240, maxHeight: 240, crop: CENTER }) }\n            }\n          }\n        }\n      }\n    }": {return: ProductImagesQuery, variables: ProductImagesQueryVariables},
  "#graphql\n      query ImageFile($id: ID!) {\n        node(id: $id) { ... on MediaImage { fileStatus image { url } } }\n      }": {return: ImageFileQuery, variables: ImageFileQueryVariables},
  "#graphql\n    query DiscountByCode($code: String!) { codeDiscountNodeByCode(code: $code) { id } }": {return: DiscountByCodeQuery, variables: DiscountByCodeQueryVariables},
  "#graphql\n    query StoreCreditsSince($customerId: ID!, $account: String!, $first: Int!, $after: String) {\n      customer(id: $customerId) {\n        storeCreditAccounts(first: 1, query: $account) {\n          nodes {\n            transactions(first: $first, after: $after, query: \"type:credit\", sortKey: CREATED_AT, reverse: true) {\n              nodes {\n                createdAt\n                event\n                amount { amount currencyCode }\n                ... on StoreCreditAccountCreditTransaction { id expiresAt }\n              }\n              pageInfo { hasNextPage endCursor }\n            }\n          }\n        }\n      }\n    }": {return: StoreCreditsSinceQuery, variables: StoreCreditsSinceQueryVariables},
  "#graphql\n    query AutomaticFreeShipping($id: ID!) {\n      discountNode(id: $id) {\n        discount { __typename ...AutomaticFreeShippingFields }\n      }\n    }\n    fragment AutomaticFreeShippingFields on DiscountAutomaticFreeShipping {\n      title\n      status\n      minimumRequirement { __typename ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } } }\n      destinationSelection { __typename ... on DiscountCountries { countries } }\n    }": {return: AutomaticFreeShippingQuery, variables: AutomaticFreeShippingQueryVariables},
  "#graphql\n    query MainThemeFiles($filenames: [String!]!) {\n      themes(first: 1, roles: [MAIN]) {\n        nodes {\n          name\n          files(filenames: $filenames, first: 50) {\n            nodes {\n              filename\n              body { __typename ... on OnlineStoreThemeFileBodyText { content } }\n            }\n          }\n        }\n      }\n    }": {return: MainThemeFilesQuery, variables: MainThemeFilesQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n      mutation SetMetafields($metafields: [MetafieldsSetInput!]!) {\n        metafieldsSet(metafields: $metafields) {\n          metafields { id }\n          userErrors { field message code }\n        }\n      }": {return: SetMetafieldsMutation, variables: SetMetafieldsMutationVariables},
  "#graphql\n    mutation DeleteMetafields($metafields: [MetafieldIdentifierInput!]!) {\n      metafieldsDelete(metafields: $metafields) {\n        deletedMetafields { key namespace ownerId }\n        userErrors { field message }\n      }\n    }": {return: DeleteMetafieldsMutation, variables: DeleteMetafieldsMutationVariables},
  "#graphql\n    mutation EnableStandardMetaobjectDefinition($type: String!) {\n      standardMetaobjectDefinitionEnable(type: $type) {\n        metaobjectDefinition { id type }\n        userErrors { field message code }\n      }\n    }": {return: EnableStandardMetaobjectDefinitionMutation, variables: EnableStandardMetaobjectDefinitionMutationVariables},
  "#graphql\n    mutation UpsertMetaobject($handle: MetaobjectHandleInput!, $metaobject: MetaobjectUpsertInput!) {\n      metaobjectUpsert(handle: $handle, metaobject: $metaobject) {\n        metaobject { id }\n        userErrors { field message code }\n      }\n    }": {return: UpsertMetaobjectMutation, variables: UpsertMetaobjectMutationVariables},
  "#graphql\n    mutation DeleteMetaobject($id: ID!) {\n      metaobjectDelete(id: $id) {\n        deletedId\n        userErrors { field message code }\n      }\n    }": {return: DeleteMetaobjectMutation, variables: DeleteMetaobjectMutationVariables},
  "#graphql\n    mutation StageImage($input: [StagedUploadInput!]!) {\n      stagedUploadsCreate(input: $input) {\n        stagedTargets { url resourceUrl parameters { name value } }\n        userErrors { field message }\n      }\n    }": {return: StageImageMutation, variables: StageImageMutationVariables},
  "#graphql\n    mutation CreateImageFile($files: [FileCreateInput!]!) {\n      fileCreate(files: $files) {\n        files { id }\n        userErrors { field message }\n      }\n    }": {return: CreateImageFileMutation, variables: CreateImageFileMutationVariables},
  "#graphql\n      mutation CreateFreeShippingCode($discount: DiscountCodeFreeShippingInput!) {\n        discountCodeFreeShippingCreate(freeShippingCodeDiscount: $discount) { codeDiscountNode { id } userErrors { field message code } }\n      }": {return: CreateFreeShippingCodeMutation, variables: CreateFreeShippingCodeMutationVariables},
  "#graphql\n    mutation CreateBasicCode($discount: DiscountCodeBasicInput!) {\n      discountCodeBasicCreate(basicCodeDiscount: $discount) { codeDiscountNode { id } userErrors { field message code } }\n    }": {return: CreateBasicCodeMutation, variables: CreateBasicCodeMutationVariables},
  "#graphql\n    mutation CreditStoreCredit($id: ID!, $credit: StoreCreditAccountCreditInput!) {\n      storeCreditAccountCredit(id: $id, creditInput: $credit) {\n        storeCreditAccountTransaction { id }\n        userErrors { field message code }\n      }\n    }": {return: CreditStoreCreditMutation, variables: CreditStoreCreditMutationVariables},
  "#graphql\n    mutation CreateAutomaticFreeShipping($discount: DiscountAutomaticFreeShippingInput!) {\n      discountAutomaticFreeShippingCreate(freeShippingAutomaticDiscount: $discount) {\n        automaticDiscountNode { id }\n        userErrors { field message code }\n      }\n    }": {return: CreateAutomaticFreeShippingMutation, variables: CreateAutomaticFreeShippingMutationVariables},
  "#graphql\n    mutation UpdateAutomaticFreeShipping($id: ID!, $discount: DiscountAutomaticFreeShippingInput!) {\n      discountAutomaticFreeShippingUpdate(id: $id, freeShippingAutomaticDiscount: $discount) {\n        automaticDiscountNode { id }\n        userErrors { field message code }\n      }\n    }": {return: UpdateAutomaticFreeShippingMutation, variables: UpdateAutomaticFreeShippingMutationVariables},
  "#graphql\n    mutation DeleteAutomaticDiscount($id: ID!) {\n      discountAutomaticDelete(id: $id) {\n        deletedAutomaticDiscountId\n        userErrors { field message code }\n      }\n    }": {return: DeleteAutomaticDiscountMutation, variables: DeleteAutomaticDiscountMutationVariables},
  "#graphql\n    mutation TriggerFlow($handle: String!, $payload: JSON!) {\n      flowTriggerReceive(handle: $handle, payload: $payload) {\n        userErrors { field message }\n      }\n    }": {return: TriggerFlowMutation, variables: TriggerFlowMutationVariables},
}
declare module '../admin.server' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
