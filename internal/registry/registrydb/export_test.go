package registrydb

// FactsFill is the statement that rewrites household facts, for the test that the
// migration's fill is the same.
const FactsFill = factsInsert + factsSelect
