/**
 * The part of papaparse's API that shared/pack-csv.ts uses, declared here instead of through @types/papaparse, whose
 * reference to Node's types would otherwise bring Node's globals into the renderer's typecheck.
 */
declare module 'papaparse' {
  namespace Papa {
    interface ParseError {
      type: string;
      code: string;
      message: string;
      row?: number;
      index?: number;
    }
    interface Parser {
      abort(): void;
    }
    interface ParseStepResult<T> {
      data: T;
      errors: ParseError[];
    }
    interface ParseConfig<T> {
      delimiter?: string;
      quoteChar?: string;
      escapeChar?: string;
      header?: false;
      dynamicTyping?: false;
      skipEmptyLines?: boolean;
      step?: (results: ParseStepResult<T>, parser: Parser) => void;
    }
    interface UnparseConfig {
      delimiter?: string;
      newline?: string;
      quoteChar?: string;
      escapeChar?: string;
      quotes?: boolean;
      header?: boolean;
    }
    interface ParseResult<T> {
      data: T[];
      errors: ParseError[];
    }
    /** With a step callback rows arrive one by one and nothing is returned; without one, all rows come back. */
    function parse<T>(input: string, config: ParseConfig<T> & { step: NonNullable<ParseConfig<T>['step']> }): void;
    function parse<T>(input: string, config?: Omit<ParseConfig<T>, 'step'>): ParseResult<T>;
    function unparse(data: readonly (readonly string[])[], config?: UnparseConfig): string;
  }
  export = Papa;
}
