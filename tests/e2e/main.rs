mod support;

mod admin;
mod crash_safety;
mod fast;
mod gateway;
mod operations;
mod registration;
mod secrets;
mod startup;
mod useapi_client;
mod useapi_failures;
mod verbs;
