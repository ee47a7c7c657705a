/**
 * Limits on what one request may ask for, checked before anything runs: nesting depth
 * (each level can multiply the answer) and aliases (each aliased root field can cost its
 * own Cypher round trip). Going past a limit is a QUERY_TOO_COMPLEX error naming the
 * limit and the value, not a slow server.
 */
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { AppError, ErrorCode } from '../errors.js';

export const MAX_DEPTH = 12;
export const MAX_ALIASES = 30;

export function depthLimit(max = MAX_DEPTH) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of context.getDocument().definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      const depth = depthOf(operation.selectionSet, fragments, new Set());
      if (depth > max) context.reportError(tooComplex(`query depth must be at most ${max}, got ${depth}`));
    },
  });
}

export function aliasLimit(max = MAX_ALIASES) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases += 1;
      },
      Document: {
        leave() {
          if (aliases > max) context.reportError(tooComplex(`a request may use at most ${max} aliases, got ${aliases}`));
        },
      },
    };
  };
}

// ---- private helpers ----

function depthOf(selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, visiting: Set<string>): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, fragments, visiting) : 1);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, visiting));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // A fragment cycle is reported by graphql's own validation; do not loop on it here.
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, visiting));
      visiting.delete(name);
    }
  }
  return deepest;
}

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { originalError: new AppError(ErrorCode.QUERY_TOO_COMPLEX, message), extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } });
}
